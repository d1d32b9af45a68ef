/// One Chinchilla training run: N parameters, D tokens, final loss (nats per token).
public struct ChinchillaObservation: Sendable, Hashable {
    public var parameters: Double
    public var tokens: Double
    public var loss: Double
    /// 1-based line in the file it came from, for messages (0 when not from a file).
    public var line: Int

    public init(parameters: Double, tokens: Double, loss: Double, line: Int = 0) {
        self.parameters = parameters
        self.tokens = tokens
        self.loss = loss
        self.line = line
    }
}

/// `ChinchillaLaw` in the log-sum-exp form that Hoffmann et al. 2022 (§D.2) and Besiroglu
/// et al. 2024 fit: log L̂ = LSE(a − α log N, b − β log D, e), θ = (a, b, e, α, β),
/// A = eᵃ, B = eᵇ, E = eᵉ. The initial grid is theirs: a, b ∈ {0, 5, …, 25},
/// e ∈ {−1, −0.5, …, 1}, α, β ∈ {0, 0.5, …, 2} (4,500 points).
public struct ChinchillaFitModel: LogLossModel {
    public init() {}

    public var parameterNames: [String] { ["E", "A", "B", "alpha", "beta"] }
    public var dimension: Int { 5 }

    public func observedLoss(_ o: ChinchillaObservation) -> Double { o.loss }

    public func logPrediction(_ t: [Double], _ o: ChinchillaObservation, gradient: inout [Double]) -> Double {
        let logN = _log(o.parameters), logD = _log(o.tokens)
        var w = [0.0, 0.0, 0.0]
        let v = logSumExp([t[0] - t[3] * logN, t[1] - t[4] * logD, t[2]], weights: &w)
        gradient[0] = w[0]
        gradient[1] = w[1]
        gradient[2] = w[2]
        gradient[3] = -w[0] * logN
        gradient[4] = -w[1] * logD
        return v
    }

    public func initialGrid(for observations: [ChinchillaObservation]) -> [[Double]] {
        var grid: [[Double]] = []
        let ab = stride(from: 0.0, through: 25, by: 5), e = stride(from: -1.0, through: 1, by: 0.5)
        let exps = stride(from: 0.0, through: 2, by: 0.5)
        for a in ab { for b in ab { for ee in e { for al in exps { for be in exps { grid.append([a, b, ee, al, be]) } } } } }
        return grid
    }

    public func publicParameters(_ t: [Double]) -> [Double] {
        [_exp(t[2]), _exp(t[0]), _exp(t[1]), t[3], t[4]]
    }

    /// The law at θ.
    public func law(_ t: [Double]) -> ChinchillaLaw {
        ChinchillaLaw(E: _exp(t[2]), A: _exp(t[0]), B: _exp(t[1]), alpha: t[3], beta: t[4])
    }
}
