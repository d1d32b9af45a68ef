import OrreryCore
import Testing
@testable import OrreryLaws

struct TrainingBudgetTests {
    /// 1e6 H100-hours at MFU 0.4: C = 1e6 · 3600 · 989.4e12 (H100 SXM dense bf16, NVIDIA
    /// H100 datasheet) · 0.4 = 1.424736e24 FLOP. With Epoch's refit, G = 0.11963,
    /// N* = G · (C/6)^0.512612 = 0.11963 · 9.607e11 = 1.1493e11, D* = (C/6)/N* = 2.0660e12;
    /// on 1,024 GPUs the wall-clock is 1e6 / 1024 / 24 = 40.690 days. (Hand computation.)
    @Test func handComputedBudget() throws {
        let plan = try TrainingBudget.plan(gpuHours: 1e6, gpu: HardwareCatalog.gpu(named: "h100-sxm"), numGPUs: 1024, mfu: 0.4)
        #expect(abs(plan.flops / 1.424736e24 - 1) < 1e-9)
        #expect(abs(plan.allocation.parameters / 1.1493e11 - 1) < 1e-3)
        #expect(abs(plan.allocation.tokens / 2.0660e12 - 1) < 1e-3)
        #expect(abs(plan.wallClockDays - 40.690104) < 1e-5)
    }

    @Test(arguments: [(0.0, 8, 0.4), (100.0, 0, 0.4), (100.0, 8, 1.5), (-5.0, 8, 0.4)])
    func rejectsBadInput(hours: Double, gpus: Int, mfu: Double) throws {
        let gpu = try HardwareCatalog.gpu(named: "h100-sxm")
        #expect(throws: OrreryError.self) { try TrainingBudget.plan(gpuHours: hours, gpu: gpu, numGPUs: gpus, mfu: mfu) }
    }
}
