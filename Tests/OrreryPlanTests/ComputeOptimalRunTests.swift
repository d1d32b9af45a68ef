import Testing
import OrreryCore
import OrreryLaws
@testable import OrreryPlan

/// The budget → model → layout bridge between `orrery laws` and `orrery plan`.
struct ComputeOptimalRunTests {
    @Test("LlamaShape at 8.03B parameters is Llama-3-8B's shape: 32 layers × 4096, FFN 14336, 32 heads, 8 KV heads (arXiv 2407.21783 Table 3)")
    func llama3Shape() throws {
        let m = try LlamaShape.architecture(parameters: 8_030_261_248)
        #expect(m.layers == 32 && m.hidden == 4096 && m.ffnHidden == 14336 && m.heads == 32 && m.kvHeads == 8)
        #expect(m.parameterCount == 8_030_261_248)
    }

    @Test("LlamaShape matches the requested size within half a layer", arguments: [1e9, 3e10, 1.2e11, 4e11])
    func sizeMatches(n: Double) throws {
        let m = try LlamaShape.architecture(parameters: n)
        let perLayer = Double(12 * m.hidden * m.hidden)
        #expect(abs(Double(m.parameterCount) - n) < 0.6 * perLayer)
        #expect(m.heads % 8 == 0)
    }

    @Test("1e6 H100-hours on 256 GPUs: the MFU iteration converges and the days follow from the planned speed")
    func fixedPoint() throws {
        let cluster = try ClusterCatalog.generic(gpu: try HardwareCatalog.gpu(named: "h100-sxm"), numGPUs: 256)
        let run = try ComputeOptimalRun.plan(gpuHours: 1e5, cluster: cluster, seqLen: 4096, tokensPerStep: 4_194_304)
        #expect(run.mfuHistory.first == TrainingBudget.llama3MFU)
        #expect(abs(run.mfuHistory.last! - run.plannedMFU) < 1e-12)
        let n = run.mfuHistory.count
        #expect(n <= 6)
        if n >= 3 { #expect(abs(run.mfuHistory[n - 1] - run.mfuHistory[n - 2]) < 0.005) }
        // The budget's compute at the planned MFU: C = H · 3600 · peak · MFU (hand formula).
        let expectedFLOPs = 1e5 * 3600 * cluster.gpu.peak(.bf16).value * run.budget.mfu
        #expect(abs(run.budget.flops / expectedFLOPs - 1) < 1e-12)
        let tps = run.plan.best.planned.estimate.tokensPerSecondPerGPU
        #expect(abs(run.plannedDays - run.budget.allocation.tokens / (tps * 256) / 86_400) < 1e-9)
    }

    @Test("Bad sizes are errors naming the field")
    func badSize() {
        #expect(throws: OrreryError.self) { try LlamaShape.architecture(parameters: -1) }
        #expect(throws: OrreryError.self) { try LlamaShape.architecture(parameters: .infinity) }
    }
}
