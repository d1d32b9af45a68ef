import Foundation
import Testing
@testable import OrreryLaws

/// Chinchilla Approach 3 refit against Besiroglu et al. 2024 (arXiv 2404.10102).
struct ChinchillaFitTests {
    /// Besiroglu et al. 2024: E = 1.8172 (SE 0.03), A = 482.01 (124.58), B = 2085.43
    /// (1293.23), α = 0.3478 (0.02), β = 0.3658 (0.02), fitted on 240 of the 245 points.
    /// The refit must land within ±1.96 published SE (their ≈95 % interval) of each value.
    @Test func refitReproducesEpochEstimate() throws {
        let data = EpochChinchillaData.epochFitSet()
        #expect(data.count == 240)
        let fit = try HuberLBFGSFitter().fit(ChinchillaFitModel(), to: data)
        let published = ChinchillaLaw.epochRefit
        let expected: [String: Double] = ["E": published.E, "A": published.A, "B": published.B, "alpha": published.alpha, "beta": published.beta]
        for (name, value) in expected {
            let se = ChinchillaLaw.epochStandardErrors[name]!
            let got = try #require(fit[name])
            #expect(abs(got - value) <= 1.96 * se, "\(name): fitted \(got), published \(value) ± 1.96·\(se)")
        }
        // The point estimates of the exponents and E agree much more closely than the SEs.
        #expect(abs(fit["E"]! - 1.8172) / 1.8172 < 0.01)
        #expect(abs(fit["alpha"]! - 0.3478) / 0.3478 < 0.01)
        #expect(abs(fit["beta"]! - 0.3658) / 0.3658 < 0.01)
    }

    /// Hand check of the compute-optimal closed form (Hoffmann et al. 2022 eq. 4) with the
    /// Epoch constants at C = 5.76e23 FLOP (Chinchilla's budget, Hoffmann et al. Table 3):
    /// αA = 167.643, βB = 762.850, G = (167.643/762.850)^(1/0.7136) = 0.11963;
    /// N* = G·(9.6e22)^(0.3658/0.7136) = 0.11963 · 6.039e11 = 7.225e10 (72.2 B parameters),
    /// D* = 9.6e22 / N* = 1.329e12 tokens (computed by hand, checked with a calculator).
    @Test func computeOptimalMatchesClosedForm() {
        let c = 5.76e23
        let law = ChinchillaLaw.epochRefit
        let alloc = law.computeOptimal(flops: c)
        #expect(abs(alloc.parameters / 7.225e10 - 1) < 0.002)
        #expect(abs(alloc.tokens / 1.329e12 - 1) < 0.002)
        #expect(abs(6 * alloc.parameters * alloc.tokens / c - 1) < 1e-12)
        // Optimality: the loss on the iso-FLOP line is higher 10 % either side of N*.
        let l0 = alloc.loss
        for f in [0.9, 1.1] {
            let n = alloc.parameters * f
            #expect(law.loss(parameters: n, tokens: c / 6 / n) > l0)
        }
    }
}
