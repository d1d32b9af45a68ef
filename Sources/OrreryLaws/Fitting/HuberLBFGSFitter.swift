/// Robust least-squares fitting of a `LogLossModel`: minimise Σ Huber_δ(log L̂ − log L) with
/// L-BFGS from the best few points of a grid of initialisations, keep the lowest optimum.
///
/// This is Approach 3 of Hoffmann et al. 2022 (arXiv 2203.15556, §D.2) as redone by Besiroglu
/// et al. 2024 (arXiv 2404.10102): Huber δ = 1e-3 on log-loss residuals, summed (not averaged,
/// which Besiroglu et al. found stopped Hoffmann's optimiser early), a grid of starts, L-BFGS.
/// To keep the cost down the whole grid is screened by objective value and L-BFGS runs only
/// from the `starts` best grid points (on Epoch's Chinchilla data the 10 best starts reach the
/// published optimum; a start far from every grid point could be missed).
public struct HuberLBFGSFitter: Sendable {
    public var huber: HuberLoss
    /// How many of the best grid points L-BFGS starts from.
    public var starts: Int
    public var minimizer: LBFGSMinimizer

    public init(huber: HuberLoss = .chinchilla, starts: Int = 10, minimizer: LBFGSMinimizer = LBFGSMinimizer()) {
        self.huber = huber
        self.starts = starts
        self.minimizer = minimizer
    }

    /// Fits `model` to `observations` (validated by the caller: losses > 0, finite inputs).
    /// - Throws: `OrreryError.rule` when there are fewer points than parameters.
    public func fit<M: LogLossModel>(_ model: M, to observations: [M.Observation]) throws -> LawFit {
        guard observations.count > model.dimension else {
            throw OrreryError.rule(field: "data", rule: "\(observations.count) point(s) cannot fit \(model.dimension) parameters (\(model.parameterNames.joined(separator: ", "))): give at least \(model.dimension + 1) rows")
        }
        let grid = model.initialGrid(for: observations)
        let theta = bestOptimum(model, observations, starts: screen(model, observations, grid))
        return summarize(model, observations, theta: theta)
    }

    /// Σ Huber(log L̂ − log L) and its gradient.
    public func objective<M: LogLossModel>(_ model: M, _ observations: [M.Observation], _ theta: [Double], gradient: inout [Double]) -> Double {
        for i in gradient.indices { gradient[i] = 0 }
        var pointGradient = [Double](repeating: 0, count: model.dimension)
        var total = 0.0
        for o in observations {
            let r = model.logPrediction(theta, o, gradient: &pointGradient) - _log(model.observedLoss(o))
            guard r.isFinite else { return .infinity }
            total += huber.value(r)
            let dr = huber.derivative(r)
            for j in 0..<model.dimension { gradient[j] += dr * pointGradient[j] }
        }
        return total
    }

    /// The `starts` grid points with the lowest objective, best first (ties by grid order).
    func screen<M: LogLossModel>(_ model: M, _ observations: [M.Observation], _ grid: [[Double]]) -> [[Double]] {
        var scratch = [Double](repeating: 0, count: model.dimension)
        let scored = grid.enumerated().map { (i, g) -> (Double, Int) in
            let v = objective(model, observations, g, gradient: &scratch)
            return (v.isFinite ? v : .infinity, i)
        }
        return scored.sorted { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }.prefix(max(1, starts)).map { grid[$0.1] }
    }

    /// The lowest L-BFGS optimum over `starts` (first wins ties).
    func bestOptimum<M: LogLossModel>(_ model: M, _ observations: [M.Observation], starts: [[Double]]) -> [Double] {
        var best: LBFGSMinimizer.Result?
        for s in starts {
            let r = minimizer.minimize(from: s) { theta, g in objective(model, observations, theta, gradient: &g) }
            if r.value.isFinite, best == nil || r.value < best!.value { best = r }
        }
        return best?.x ?? starts[0]
    }

    func summarize<M: LogLossModel>(_ model: M, _ observations: [M.Observation], theta: [Double]) -> LawFit {
        var g = [Double](repeating: 0, count: model.dimension)
        let value = objective(model, observations, theta, gradient: &g)
        var relative = 0.0
        for o in observations {
            let predicted = _exp(model.logPrediction(theta, o, gradient: &g))
            let observed = model.observedLoss(o)
            relative += abs(predicted - observed) / observed
        }
        return LawFit(names: model.parameterNames, values: model.publicParameters(theta), theta: theta, intervals: nil,
                      objective: value, meanRelativeError: relative / Double(observations.count), pointCount: observations.count)
    }
}

import OrreryCore
