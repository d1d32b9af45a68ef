import Testing
import OrreryCore
@testable import OrreryCost

struct TimelineAndInferenceTests {
    static let gpu = try! HardwareCatalog.gpu(named: "h100-sxm")

    @Test("A GPU-bound stream takes the sum of kernel times; a host-bound one the sum of dispatch costs")
    func twoClocks() {
        var gpuBound = StreamTimeline(launchLatency: .microseconds(5))
        gpuBound.run(Array(repeating: KernelCall(name: "k", kind: .gemm, gpuTime: .milliseconds(1), hostTime: .microseconds(10)), count: 10))
        #expect(abs(gpuBound.elapsed.milliseconds - (10 + 0.015)) < 1e-9)
        var hostBound = StreamTimeline(launchLatency: .microseconds(5))
        hostBound.run(Array(repeating: KernelCall(name: "k", kind: .elementwise, gpuTime: .microseconds(1), hostTime: .microseconds(10)), count: 10))
        #expect(abs(hostBound.elapsed.microseconds - 106) < 1e-9)
    }

    @Test("Repeated kernel runs in closed form equal the step-by-step timeline")
    func repeatedRunsAreExact() {
        let ks = [KernelCall(name: "a", kind: .gemm, gpuTime: .microseconds(30), hostTime: .microseconds(12)),
                  KernelCall(name: "b", kind: .elementwise, gpuTime: .microseconds(2), hostTime: .microseconds(12))]
        var a = StreamTimeline(launchLatency: .microseconds(5)), b = a
        for _ in 0..<40 { a.run(ks) }
        b.run(ks, times: 40)
        #expect(a.elapsed.isApproximatelyEqual(to: b.elapsed, relativeTolerance: 1e-9))
    }

    @Test("Llama-3-8B decode cannot beat streaming its bf16 weights at the 3.35 TB/s datasheet bandwidth")
    func decodeBandwidthBound() throws {
        let m = try ModelCatalog.model(named: "llama-3-8b")
        let e = InferenceEstimator().decode(model: m, gpu: Self.gpu, batch: 1, contextLen: 512)
        #expect(e.latency.value > 2 * 8_030_261_248 / 3.35e12)
    }

    @Test("Decode latency grows with context once the KV cache outweighs the weights (law)")
    func decodeGrowsWithContext() throws {
        let m = try ModelCatalog.model(named: "llama-3-8b")
        let est = InferenceEstimator()
        let short = est.decode(model: m, gpu: Self.gpu, batch: 64, contextLen: 512).latency
        let long = est.decode(model: m, gpu: Self.gpu, batch: 64, contextLen: 8192).latency
        #expect(long > short * 1.5)
    }

    @Test("KV cache: 2·layers·kv_heads·head_dim·2 bytes per token (Llama-3-8B: 128 KiB per token)")
    func kvCacheBytes() throws {
        let m = try ModelCatalog.model(named: "llama-3-8b")
        let e = InferenceEstimator().decode(model: m, gpu: Self.gpu, batch: 4, contextLen: 1023)
        #expect(e.memory.activations.value == 131072 * 4 * 1024)
    }

    @Test("Optimizer-state bytes per parameter: Megatron-LM 18 (bf16-mixed), PyTorch AMP 16, ZeRO-1 over 8 shards the 12")
    func parameterMemory() {
        let mixed = ParameterMemory(precision: .bf16Mixed, optimizer: .adamw)
        #expect(mixed.weightBytes + mixed.gradientBytes + mixed.optimizerBytes == 18)  // dist_optimizer.md
        let amp = ParameterMemory(precision: .ampBF16, optimizer: .adamw)
        #expect(amp.weightBytes + amp.gradientBytes + amp.optimizerBytes == 16)
        let zero1 = mixed.sharded(zero: 1, dp: 8)
        #expect(zero1.optimizerBytes == 1.5)                                          // 12 / 8
    }
}
