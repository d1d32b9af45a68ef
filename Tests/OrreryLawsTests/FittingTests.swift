import OrreryCore
import Testing
@testable import OrreryLaws

struct FittingTests {
    /// SplitMix64 reference output: seed 0 gives 0xE220A8397B1DCDAF, 0x6E789E6AA1B965F4,
    /// 0x06C45D188009454F (Vigna's splitmix64.c; the values quoted in many test suites).
    @Test func splitMixMatchesReference() {
        var g = SplitMix64(seed: 0)
        #expect(g.next() == 0xE220_A839_7B1D_CDAF)
        #expect(g.next() == 0x6E78_9E6A_A1B9_65F4)
        #expect(g.next() == 0x06C4_5D18_8009_454F)
    }

    /// Rosenbrock's function, minimum 0 at (1, 1) (Rosenbrock 1960), from (−1.2, 1).
    @Test func lbfgsFindsRosenbrockMinimum() {
        let r = LBFGSMinimizer().minimize(from: [-1.2, 1]) { x, g in
            let a = 1 - x[0], b = x[1] - x[0] * x[0]
            g[0] = -2 * a - 400 * x[0] * b
            g[1] = 200 * b
            return a * a + 100 * b * b
        }
        #expect(abs(r.x[0] - 1) < 1e-6 && abs(r.x[1] - 1) < 1e-6)
    }

    /// Huber: 0.5·r² inside δ, δ(|r| − δ/2) outside; δ = 1e-3, r = 3e-3 → 1e-3·2.5e-3 = 2.5e-6.
    @Test func huberValues() {
        let h = HuberLoss.chinchilla
        #expect(abs(h.value(5e-4) - 1.25e-7) < 1e-20)
        #expect(abs(h.value(-3e-3) - 2.5e-6) < 1e-18)
        #expect(h.derivative(1) == 1e-3)
    }

    /// Bootstrap: same seed → same intervals; the interval contains the point estimate.
    @Test func bootstrapIsDeterministicAndBracketsEstimate() throws {
        let law = DataMixingLaw(c: 1.2, k: 0.8, t: [-1.5])
        var rng = SplitMix64(seed: 3)
        let data = stride(from: 0.05, through: 0.95, by: 0.05).map { r -> MixingObservation in
            let u = Double(rng.next() >> 11) / Double(1 << 53) * 2 - 1
            return MixingObservation(ratios: [r, 1 - r], loss: law.loss(ratios: [r, 1 - r]) * (1 + 0.002 * u))
        }
        let model = DataMixingFitModel(domains: 2)
        let fitter = HuberLBFGSFitter()
        let fit = try fitter.fit(model, to: data)
        let a = BootstrapIntervals(resamples: 20, seed: 42).apply(to: fit, model: model, observations: data, fitter: fitter)
        let b = BootstrapIntervals(resamples: 20, seed: 42).apply(to: fit, model: model, observations: data, fitter: fitter)
        #expect(a.intervals == b.intervals)
        for (v, i) in zip(fit.values, a.intervals!) { #expect(i.contains(v) || abs(v - i.lowerBound) < 1e-9 || abs(v - i.upperBound) < 1e-9) }
    }

    @Test func tooFewPointsIsAnError() {
        let data = [MixingObservation(ratios: [0.5, 0.5], loss: 2), MixingObservation(ratios: [0.2, 0.8], loss: 2.1)]
        #expect(throws: OrreryError.self) { try HuberLBFGSFitter().fit(DataMixingFitModel(domains: 2), to: data) }
    }
}
