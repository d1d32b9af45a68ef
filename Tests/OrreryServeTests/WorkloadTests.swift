import Testing
import Foundation
import OrreryCore
@testable import OrreryServe

struct WorkloadTests {
    @Test("Poisson arrivals: 20,000 gaps average 1/rate within 2 % (law of large numbers; σ/√n = 0.7 %)", arguments: [1, 2, 3] as [UInt64])
    func poissonRate(seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        let t = ArrivalProcess.poisson(rate: 5).arrivals(duration: .zero, count: 20_000, rng: &rng)
        let meanGap = t.last!.seconds.value / Double(t.count)
        #expect(abs(meanGap - 0.2) / 0.2 < 0.02, "seed \(seed)")
    }

    @Test("Gamma arrivals: the gaps' coefficient of variation is the requested cv (within 5 %)", arguments: [0.5, 2.0, 4.0])
    func gammaCV(cv: Double) {
        var rng = SplitMix64(seed: 9)
        let t = ArrivalProcess.gamma(rate: 10, cv: cv).arrivals(duration: .zero, count: 40_000, rng: &rng).map { $0.seconds.value }
        let gaps = zip(t.dropFirst(), t).map { $0 - $1 }
        let mean = gaps.reduce(0, +) / Double(gaps.count)
        let sd = (gaps.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(gaps.count)).squareRoot()
        #expect(abs(mean - 0.1) / 0.1 < 0.05)
        #expect(abs(sd / mean - cv) / cv < 0.05, "cv \(sd / mean)")
    }

    @Test("Diurnal arrivals average the base rate over whole periods (within 3 %)")
    func diurnal() {
        var rng = SplitMix64(seed: 4)
        let t = ArrivalProcess.diurnal(rate: 20, amplitude: 0.8, period: Seconds(100)).arrivals(duration: Seconds(1000), rng: &rng)
        let rate: Double = Double(t.count) / 1000
        #expect(abs(rate - 20) / 20 < 0.03)
    }

    @Test("Same seed, same workload; another seed, another")
    func determinism() {
        let w = SyntheticWorkload(arrivals: .poisson(rate: 3), promptLength: .lognormal(median: 200, sigma: 1), outputLength: .exponential(mean: 100),
                                  duration: Seconds(100), adapterCount: 5)
        #expect(w.generate(seed: 7) == w.generate(seed: 7))
        #expect(w.generate(seed: 7) != w.generate(seed: 8))
    }

    @Test("Length distributions reject malformed forms", arguments: ["0", "-3", "abc", "uniform:5:2", "normal:1", "exp:-1", "zipf:2"])
    func badLengths(text: String) {
        #expect(throws: OrreryError.self) { try LengthDistribution.parse(text, field: "--prompt-len") }
    }

    @Test("Length distribution means: uniform (lo+hi)/2, lognormal median·e^(σ²/2)")
    func means() throws {
        #expect(try LengthDistribution.parse("uniform:100:300", field: "x").mean == 200)
        #expect(abs(try LengthDistribution.parse("lognormal:100:1", field: "x").mean - 100 * exp(0.5)) < 1e-9)
        #expect(try LengthDistribution.parse("512", field: "x") == .fixed(512))
    }
}
