/// One continual-pre-training run: N parameters, D tokens, mixture ratio r of the corpus
/// whose validation loss is `loss`, and (cross-domain law) the domain coefficient K.
public struct DCPTObservation: Sendable, Hashable {
    public var parameters: Double
    public var tokens: Double
    public var ratio: Double
    public var domainCoefficient: Double?
    public var loss: Double
    public var line: Int

    public init(parameters: Double, tokens: Double, ratio: Double, domainCoefficient: Double? = nil, loss: Double, line: Int = 0) {
        self.parameters = parameters
        self.tokens = tokens
        self.ratio = ratio
        self.domainCoefficient = domainCoefficient
        self.loss = loss
        self.line = line
    }
}

/// `DCPTLaw` in log-sum-exp form for `HuberLBFGSFitter`:
/// log L̂ = LSE(e, a − α log N, b + η log r − β log D, c − γ log(r + ε) [, f − μ log K]),
/// θ = (e, a, α, b, η, β, c, γ [, f, μ]); E = eᵉ, A = eᵃ, B = eᵇ, C = eᶜ, F = eᶠ.
/// At r = 0 the B term is 0 (η > 0 assumed). The fit follows the paper's recipe of Huber
/// loss minimised with L-BFGS over several initialisations; the grid here is ours.
public struct DCPTFitModel: LogLossModel {
    public var epsilon: Double
    /// Whether to fit the cross-domain term F / K^μ (needs `domainCoefficient` on every row).
    public var crossDomain: Bool

    public init(epsilon: Double = DCPTLaw.defaultEpsilon, crossDomain: Bool = false) {
        self.epsilon = epsilon
        self.crossDomain = crossDomain
    }

    public var parameterNames: [String] {
        ["E", "A", "alpha", "B", "eta", "beta", "C", "gamma"] + (crossDomain ? ["F", "mu"] : [])
    }
    public var dimension: Int { crossDomain ? 10 : 8 }

    public func observedLoss(_ o: DCPTObservation) -> Double { o.loss }

    public func logPrediction(_ t: [Double], _ o: DCPTObservation, gradient: inout [Double]) -> Double {
        let logN = _log(o.parameters), logD = _log(o.tokens)
        let logR = o.ratio > 0 ? _log(o.ratio) : -Double.infinity
        let logRE = _log(o.ratio + epsilon)
        var terms = [t[0], t[1] - t[2] * logN, o.ratio > 0 ? t[3] + t[4] * logR - t[5] * logD : -Double.infinity, t[6] - t[7] * logRE]
        var logK = 0.0
        if crossDomain {
            logK = _log(o.domainCoefficient ?? 1)
            terms.append(t[8] - t[9] * logK)
        }
        var w = [Double](repeating: 0, count: terms.count)
        let v = logSumExp(terms, weights: &w)
        gradient[0] = w[0]
        gradient[1] = w[1]
        gradient[2] = -w[1] * logN
        gradient[3] = w[2]
        gradient[4] = o.ratio > 0 ? w[2] * logR : 0
        gradient[5] = -w[2] * logD
        gradient[6] = w[3]
        gradient[7] = -w[3] * logRE
        if crossDomain {
            gradient[8] = w[4]
            gradient[9] = -w[4] * logK
        }
        return v
    }

    /// e from log of {0.5, 0.8}× the smallest loss; a, b ∈ {2, 6, 10}; α, β ∈ {0.2, 0.5};
    /// η ∈ {0.2, 0.8}; c from log of {0.01, 0.1}× the smallest loss; γ ∈ {0.1, 0.5};
    /// cross-domain: f ∈ {−2, 0}, μ ∈ {0.5, 1}.
    public func initialGrid(for observations: [DCPTObservation]) -> [[Double]] {
        let minLoss = observations.map(\.loss).min() ?? 1
        var grid: [[Double]] = []
        for ef in [0.5, 0.8] { for a in [2.0, 6, 10] { for al in [0.2, 0.5] { for b in [2.0, 6, 10] {
            for eta in [0.2, 0.8] { for be in [0.2, 0.5] { for cf in [0.01, 0.1] { for g in [0.1, 0.5] {
                let base = [_log(ef * minLoss), a, al, b, eta, be, _log(cf * minLoss), g]
                if crossDomain {
                    for f in [-2.0, 0] { for mu in [0.5, 1.0] { grid.append(base + [f, mu]) } }
                } else {
                    grid.append(base)
                }
            } } } } } } } }
        return grid
    }

    public func publicParameters(_ t: [Double]) -> [Double] {
        var p = [_exp(t[0]), _exp(t[1]), t[2], _exp(t[3]), t[4], t[5], _exp(t[6]), t[7]]
        if crossDomain { p += [_exp(t[8]), t[9]] }
        return p
    }

    /// The law at θ.
    public func law(_ t: [Double]) -> DCPTLaw {
        DCPTLaw(E: _exp(t[0]), A: _exp(t[1]), alpha: t[2], B: _exp(t[3]), eta: t[4], beta: t[5], C: _exp(t[6]), gamma: t[7],
                epsilon: epsilon, F: crossDomain ? _exp(t[8]) : nil, mu: crossDomain ? t[9] : nil)
    }
}
