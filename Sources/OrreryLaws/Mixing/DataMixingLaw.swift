import RealModule

/// The data mixing law of Ye et al. 2024 ("Data Mixing Laws: Optimizing Data Mixtures by
/// Predicting Language Modeling Performance", arXiv 2403.16952, eq. 6): the validation loss
/// on domain i of a model trained on mixture proportions r₁…r_M (Σ r = 1) is
///
///     L_i(r) = c_i + k_i · exp(Σ_j t_ij r_j)
///
/// for a fixed model size and number of training steps. Because Σ r_j = 1, one t_ij is
/// redundant with k_i; this type fixes the last domain's t to 0 (k absorbs e^{t_iM}), so
/// `t` has M − 1 entries.
public struct DataMixingLaw: Sendable, Hashable {
    /// Irreducible part c_i, nats per token.
    public var c: Double
    /// Scale k_i, nats per token.
    public var k: Double
    /// t_ij for the first M − 1 training domains (the last is 0).
    public var t: [Double]

    public init(c: Double, k: Double, t: [Double]) {
        self.c = c
        self.k = k
        self.t = t
    }

    /// Predicted loss for proportions `ratios` (M entries; only the first M − 1 are used).
    public func loss(ratios: [Double]) -> Double {
        var s = 0.0
        for j in 0..<t.count { s += t[j] * ratios[j] }
        return c + k * Double.exp(s)
    }
}

/// One validation loss under one training mixture.
public struct MixingObservation: Sendable, Hashable {
    /// Training mixture proportions, one per training domain, summing to 1.
    public var ratios: [Double]
    public var loss: Double
    public var line: Int

    public init(ratios: [Double], loss: Double, line: Int = 0) {
        self.ratios = ratios
        self.loss = loss
        self.line = line
    }
}

/// `DataMixingLaw` in log-sum-exp form: log L̂ = LSE(log c, log k + Σ_{j<M} t_j r_j),
/// θ = (log c, log k, t₁ … t_{M−1}).
public struct DataMixingFitModel: LogLossModel {
    /// Number of training domains M (≥ 2).
    public var domains: Int

    public init(domains: Int) { self.domains = domains }

    public var parameterNames: [String] { ["c", "k"] + (1..<domains).map { "t\($0)" } }
    public var dimension: Int { domains + 1 }

    public func observedLoss(_ o: MixingObservation) -> Double { o.loss }

    public func logPrediction(_ th: [Double], _ o: MixingObservation, gradient: inout [Double]) -> Double {
        var s = th[1]
        for j in 0..<(domains - 1) { s += th[2 + j] * o.ratios[j] }
        var w = [0.0, 0.0]
        let v = logSumExp([th[0], s], weights: &w)
        gradient[0] = w[0]
        gradient[1] = w[1]
        for j in 0..<(domains - 1) { gradient[2 + j] = w[1] * o.ratios[j] }
        return v
    }

    /// log c from {0.1, 0.5, 0.9}× the smallest loss, log k from {0.1, 0.5, 1}× it; with up
    /// to 3 domains each t from {−4, −2, −1, 0, 1, 2, 4} (a full grid), with more domains all
    /// t equal to one of those values (a full grid would grow as 7^(M−1)).
    public func initialGrid(for observations: [MixingObservation]) -> [[Double]] {
        let minLoss = observations.map(\.loss).min() ?? 1
        let tValues = [-4.0, -2, -1, 0, 1, 2, 4]
        var grid: [[Double]] = [[]]
        for values in [[0.1, 0.5, 0.9].map { _log($0 * minLoss) }, [0.1, 0.5, 1.0].map { _log($0 * minLoss) }] {
            grid = grid.flatMap { prefix in values.map { prefix + [$0] } }
        }
        if domains <= 3 {
            for _ in 0..<(domains - 1) { grid = grid.flatMap { prefix in tValues.map { prefix + [$0] } } }
        } else {
            grid = grid.flatMap { prefix in tValues.map { prefix + Array(repeating: $0, count: domains - 1) } }
        }
        return grid
    }

    public func publicParameters(_ th: [Double]) -> [Double] {
        [_exp(th[0]), _exp(th[1])] + th[2...]
    }

    public func law(_ th: [Double]) -> DataMixingLaw {
        DataMixingLaw(c: _exp(th[0]), k: _exp(th[1]), t: Array(th[2...]))
    }
}
