import Testing
import OrreryCore
import OrreryCost
@testable import OrreryServe

/// On one replica at very low load every request runs alone, so its TTFT is the cost
/// model's prefill estimate and its TPOT the decode estimate (batch 1) averaged over the
/// contexts it passes through, each plus the engine's per-iteration overhead.
struct LowLoadCalibrationTests {
    @Test("Low load: TTFT = prefill estimate, TPOT = decode estimate (InferenceEstimator, within 1 %)",
          arguments: [(512, 64), (2048, 32), (128, 200)])
    func lowLoad(prompt: Int, output: Int) throws {
        // 0.01 req/s: gaps of ~100 s against ~1 s of service — no overlap in practice.
        let reqs = Fixture.poisson(rate: 0.01, count: 12, prompt: .fixed(prompt), output: .fixed(output))
        let profile = EngineProfile.vllm
        let (run, m) = try Fixture.run(reqs, config: ReplicaConfig(profile: profile))
        #expect(run.replicas[0].preemptions == 0)
        let surface = IterationCostSurface(hardware: Fixture.hardware, profile: profile)
        let prefill = surface.exactPrefill(tokens: prompt).milliseconds + profile.iterationOverhead.milliseconds
        // Decode steps see contexts prompt … prompt + output − 2.
        var decode = 0.0
        for k in 0..<(output - 1) { decode += surface.exactDecode(batch: 1, context: prompt + k, q: 1).milliseconds }
        decode = decode / Double(output - 1) + profile.iterationOverhead.milliseconds
        #expect(abs(m.ttft.mean - prefill) / prefill < 0.01, "TTFT \(m.ttft.mean) vs prefill \(prefill)")
        #expect(abs(m.tpot.mean - decode) / decode < 0.01, "TPOT \(m.tpot.mean) vs decode \(decode)")
    }

    @Test("The exact path equals InferenceEstimator.iterationTime (OrreryCost's InferenceCostModel) plus the overhead")
    func exactIsCostModel() throws {
        let profile = EngineProfile.tensorRTLLM
        let surface = IterationCostSurface(hardware: Fixture.hardware, profile: profile)
        let batch = IterationBatch(prefill: [.init(tokens: 300)], decodeContexts: [500, 700], tokensPerDecode: 1)
        let est = InferenceEstimator(host: profile.host)
        let direct = try est.iterationTime(batch, model: Fixture.llama, cluster: Fixture.hardware.cluster, tp: 1) + profile.iterationOverhead
        #expect(try surface.exactIteration(batch).isApproximatelyEqual(to: direct, relativeTolerance: 1e-12))
        let parts = surface.exactPrefill(tokens: 300) + surface.exactDecode(batch: 2, context: 600, q: 1) + profile.iterationOverhead
        #expect(parts.isApproximatelyEqual(to: direct, relativeTolerance: 1e-12))
    }
}
