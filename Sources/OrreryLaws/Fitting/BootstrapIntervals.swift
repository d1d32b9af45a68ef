import OrreryCore
/// Percentile bootstrap confidence intervals for a fitted law (Efron & Tibshirani 1993,
/// *An Introduction to the Bootstrap*, ch. 13): resample the points with replacement,
/// refit, take the lower and upper quantiles of each public parameter.
///
/// Each refit starts from the full-data optimum and from the best few grid points of the
/// full-data screening, so a resample costs a few L-BFGS runs. Resampling uses `SplitMix64`
/// seeded with `seed`: the same seed gives the same intervals. Besiroglu et al. 2024 used
/// 4,000 resamples; fewer give noisier interval ends.
public struct BootstrapIntervals: Sendable {
    public var resamples: Int
    public var seed: UInt64
    /// Two-sided coverage (0.95 → the 2.5 % and 97.5 % quantiles).
    public var confidence: Double

    public init(resamples: Int, seed: UInt64 = 0, confidence: Double = 0.95) {
        self.resamples = resamples
        self.seed = seed
        self.confidence = confidence
    }

    /// `fit` with `intervals` filled in.
    public func apply<M: LogLossModel>(to fit: LawFit, model: M, observations: [M.Observation],
                                       fitter: HuberLBFGSFitter) -> LawFit {
        guard resamples > 0 else { return fit }
        var rng = SplitMix64(seed: seed)
        let gridStarts = fitter.screen(model, observations, model.initialGrid(for: observations)).prefix(3)
        let starts = [fit.theta] + gridStarts
        var samples = [[Double]](repeating: [], count: fit.names.count)
        let n = observations.count
        for _ in 0..<resamples {
            var resample: [M.Observation] = []
            resample.reserveCapacity(n)
            for _ in 0..<n { resample.append(observations[rng.nextIndex(below: n)]) }
            let theta = fitter.bestOptimum(model, resample, starts: Array(starts))
            for (i, v) in model.publicParameters(theta).enumerated() where v.isFinite { samples[i].append(v) }
        }
        var out = fit
        let tail = (1 - confidence) / 2
        out.intervals = samples.enumerated().map { i, s in
            guard !s.isEmpty else { return fit.values[i]...fit.values[i] }
            let sorted = s.sorted()
            return quantile(sorted, tail)...quantile(sorted, 1 - tail)
        }
        return out
    }

    /// Linear-interpolation quantile of sorted values (type 7 of Hyndman & Fan 1996).
    func quantile(_ sorted: [Double], _ p: Double) -> Double {
        let h = Double(sorted.count - 1) * p
        let lo = Int(h.rounded(.down)), hi = min(lo + 1, sorted.count - 1)
        return sorted[lo] + (h - Double(lo)) * (sorted[hi] - sorted[lo])
    }
}
