import Testing
import Foundation
import OrreryCore
@testable import OrreryServe

struct SpeculativeDecodingTests {
    /// Leviathan, Kalman & Matias, "Fast Inference from Transformers via Speculative
    /// Decoding", ICML 2023, eq. 1: E[tokens per step] = (1 − α^(γ+1)) / (1 − α).
    /// Hand-computed: α=0.8, γ=4 → (1 − 0.32768)/0.2 = 3.3616; α=0.5, γ=2 → 1.75;
    /// α=0.6, γ=3 → (1 − 0.1296)/0.4 = 2.176; α=0, any γ → 1.
    @Test("Expected tokens per step equals (1−α^(γ+1))/(1−α) (Leviathan et al. 2023, eq. 1)",
          arguments: [(0.8, 4, 3.3616), (0.5, 2, 1.75), (0.6, 3, 2.176), (0.0, 5, 1.0)])
    func closedForm(alpha: Double, gamma: Int, expected: Double) {
        let spec = SpeculativeDecoding(drafter: .eagleHead, draftTokens: gamma, acceptance: [alpha])
        #expect(abs(SpeculativeDecoding.expectedTokens(alpha: alpha, gamma: gamma) - expected) < 1e-12)
        #expect(abs(spec.expectedTokensPerStep - expected) < 1e-12)
    }

    @Test("Sampled tokens per step converge to the closed form (200,000 steps, seeds 1–3)", arguments: [1, 2, 3] as [UInt64])
    func sampling(seed: UInt64) {
        let spec = SpeculativeDecoding(drafter: .eagleHead, draftTokens: 4, acceptance: [0.8])
        var rng = SplitMix64(seed: seed)
        var total = 0
        let n = 200_000
        for _ in 0..<n { total += spec.sampleEmitted(&rng) }
        let mean = Double(total) / Double(n)
        #expect(abs(mean - 3.3616) / 3.3616 < 0.01, "seed \(seed): mean \(mean)")
    }

    @Test("Per-position acceptance: 1 + a1 + a1·a2 + a1·a2·a3 (hand-computed 1 + 0.9 + 0.72 + 0.504 = 3.124)")
    func perPosition() {
        let spec = SpeculativeDecoding(drafter: .eagleHead, draftTokens: 3, acceptance: [0.9, 0.8, 0.7])
        #expect(abs(spec.expectedTokensPerStep - 3.124) < 1e-12)
    }

    @Test("A tree of width w accepts a position with 1 − (1 − α)^w: α 0.5, w 2 → 0.75; γ 2 → 1 + 0.75 + 0.5625 = 2.3125; verify scores 1 + w·γ = 5 tokens")
    func treeDraft() {
        let spec = SpeculativeDecoding(drafter: .eagleHead, draftTokens: 2, acceptance: [0.5], treeWidth: 2)
        #expect(abs(spec.positionAcceptance(0) - 0.75) < 1e-12)
        #expect(abs(spec.expectedTokensPerStep - 2.3125) < 1e-12)
        #expect(spec.verifyTokens == 5)
    }

    @Test("In the simulator, emitted tokens per verify step match the closed form within 2 % (α 0.7, γ 3: 2.533)")
    func inSimulation() throws {
        let spec = SpeculativeDecoding(drafter: .eagleHead, draftTokens: 3, acceptance: [0.7])
        let reqs = Fixture.poisson(rate: 2, count: 60, prompt: .fixed(128), output: .fixed(1000))
        let (_, m) = try Fixture.run(reqs, config: ReplicaConfig(profile: .vllm, speculative: spec))
        let expected = (1 - pow(0.7, 4)) / 0.3   // 2.533
        // Steps that hit the output limit emit fewer (≤ 1 step per request), hence 2 %.
        #expect(abs(m.tokensPerVerifyStep! - expected) / expected < 0.02)
        #expect(m.requestsCompleted == 60)
    }

    @Test("Bad speculative settings are errors naming the flag")
    func badInput() {
        #expect(throws: OrreryError.self) { try SpeculativeDecoding(drafter: .eagleHead, draftTokens: 0, acceptance: [0.5]).validated() }
        #expect(throws: OrreryError.self) { try SpeculativeDecoding(drafter: .eagleHead, draftTokens: 2, acceptance: [1.5]).validated() }
        #expect(throws: OrreryError.self) { try SpeculativeDecoding(drafter: .eagleHead, draftTokens: 3, acceptance: [0.5, 0.4]).validated() }
    }
}
