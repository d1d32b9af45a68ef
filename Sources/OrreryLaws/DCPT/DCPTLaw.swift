import RealModule

/// The D-CPT Law (Que et al. 2024, "D-CPT Law: Domain-specific Continual Pre-Training
/// Scaling Law for Large Language Models", arXiv 2406.01375, NeurIPS 2024), the
/// parameterisation the paper prefers:
///
///     L(N, D, r) = E + A / N^α + B · r^η / D^β + C / (r + ε)^γ
///
/// N model parameters, D continual-pre-training tokens, r the mixture ratio of the corpus
/// whose validation loss L is (the domain ratio r_d for the domain loss, the general ratio
/// r_g = 1 − r_d for the general loss), L in nats per token.
///
/// The cross-domain variant adds a domain-specific learnable coefficient K > 0 (one per
/// domain): `+ F / K^μ` (same paper, Cross-Domain D-CPT Law). `F` and `mu` are nil for the
/// standard law.
///
/// ε is a fixed small constant that keeps C/(r+ε)^γ finite at r = 0; the paper's ε is not
/// fitted here (assumption: default 0.01; pass another value to `DCPTFitModel`).
public struct DCPTLaw: Sendable, Hashable {
    public var E: Double
    public var A: Double
    public var alpha: Double
    public var B: Double
    public var eta: Double
    public var beta: Double
    public var C: Double
    public var gamma: Double
    public var epsilon: Double
    public var F: Double?
    public var mu: Double?

    public init(E: Double, A: Double, alpha: Double, B: Double, eta: Double, beta: Double, C: Double, gamma: Double,
                epsilon: Double = DCPTLaw.defaultEpsilon, F: Double? = nil, mu: Double? = nil) {
        self.E = E
        self.A = A
        self.alpha = alpha
        self.B = B
        self.eta = eta
        self.beta = beta
        self.C = C
        self.gamma = gamma
        self.epsilon = epsilon
        self.F = F
        self.mu = mu
    }

    /// ε used when none is given (an assumption of this implementation, see the type's doc).
    public static let defaultEpsilon = 0.01

    /// Predicted loss at N parameters, D tokens, ratio r ∈ [0, 1], and (cross-domain law
    /// only) domain coefficient K.
    public func loss(parameters n: Double, tokens d: Double, ratio r: Double, domainCoefficient k: Double? = nil) -> Double {
        var l = E + A / Double.pow(n, alpha) + C / Double.pow(r + epsilon, gamma)
        if r > 0 { l += B * Double.pow(r, eta) / Double.pow(d, beta) }
        if let F, let mu, let k { l += F / Double.pow(k, mu) }
        return l
    }
}
