import Testing
import OrreryCore
import OrreryCost
@testable import OrreryPlan

struct AdjustmentTests {
    static func estimate(_ t: TimeBreakdown, memory: MemoryBreakdown = MemoryBreakdown()) -> StepEstimate {
        StepEstimate(stepTime: t.total, time: t, memory: memory, fits: true, modelFLOPs: FLOPs(1e15),
                     tokensPerSecondPerGPU: 1000, mfu: 0.5, kernelSource: "test")
    }

    /// Offload on an H100 (host link PCIe 5.0 x16, 63.0 GB/s per direction: PCI-SIG base
    /// spec) of a 1e9-parameter bf16-mixed AdamW shard (12 B/param of optimizer states,
    /// Megatron dist_optimizer.md): grads 4 B + weights 2 B over PCIe = 6e9 / 63e9 s = 95.24 ms;
    /// CPU AdamW 28 B/param at 614.4/8 GB/s = 364.58 ms. Hand computed total 459.8 ms.
    @Test func offloadTimesAndFreesOptimizerStates() throws {
        var t = TimeBreakdown()
        t.compute = Seconds(1.0)
        t.optimizer = .milliseconds(5)
        var mem = MemoryBreakdown()
        mem.optimizerStates = Bytes(12e9)
        mem.weights = Bytes(2e9)
        let layout = ParallelLayout(tp: 1, pp: 1, dp: 1, globalBatch: 1)
        let config = TrainingConfig(model: try ModelResolver.resolve("llama-3-8b"), layout: layout, seqLen: 2048)
        let out = OptimizerOffload.apply(Self.estimate(t, memory: mem), config: config, cluster: try PlanFixtures.cluster(gpus: 8))
        #expect(out.memory.optimizerStates == .zero)
        #expect(out.memory.weights == Bytes(2e9))
        #expect(out.time.optimizer.isApproximatelyEqual(to: .milliseconds(95.238 + 364.583), relativeTolerance: 1e-4))
        #expect(out.stepTime.isApproximatelyEqual(to: Seconds(1.459821), relativeTolerance: 1e-4))
        // tokens/s scale with 1 / step time: 1000 × 1.005 / 1.459821.
        #expect(abs(out.tokensPerSecondPerGPU - 1000 * 1.005 / 1.459821) < 1e-2)
    }

    /// Uneven split of 126 layers over 16 stages: the slowest stage goes from 8 + h (the
    /// estimator's last stage) to 8, so per-stage terms scale by 8 / (8 + h); dp does not.
    @Test func unevenSplitScalesStageTerms() throws {
        let m = try ModelResolver.resolve("llama-3.1-405b")
        let h = HeadCost.layerEquivalents(m, seqLen: 8192)
        var t = TimeBreakdown()
        t.compute = Seconds(10)
        t.bubble = Seconds(2)
        t.dpComm = Seconds(1)
        let split = StageSplit.balanced(layers: 126, stages: 16, headLayerEquivalents: h)!
        let out = UnevenSplitAdjustment.apply(Self.estimate(t), split: split, model: m, seqLen: 8192)
        let scale = 8 / (8 + h)
        #expect(out.time.compute.isApproximatelyEqual(to: Seconds(10 * scale), relativeTolerance: 1e-9))
        #expect(out.time.bubble.isApproximatelyEqual(to: Seconds(2 * scale), relativeTolerance: 1e-9))
        #expect(out.time.dpComm == Seconds(1))
    }

    /// 1e12 tokens at 1,000 tokens/s/GPU on 1,000 GPUs: 1e6 s = 11.574 days, 277,777.8
    /// GPU-hours, $555,555.6 at $2/GPU-hour (hand computed).
    @Test func trainingBudget() {
        let b = TrainingRunBudget(tokens: 1e12, tokensPerSecondPerGPU: 1000, gpus: 1000, usdPerGPUHour: 2)
        #expect(abs(b.days - 11.5741) < 1e-3)
        #expect(abs(b.gpuHours - 277_777.8) < 0.1)
        #expect(abs(b.costUSD! - 555_555.6) < 0.1)
        #expect(throws: OrreryError.self) { try TrainingRunBudget.validate(tokens: -1, usdPerGPUHour: nil) }
    }
}
