import RealModule

/// The Chinchilla parametric loss L(N, D) = E + A / N^α + B / D^β (Hoffmann et al. 2022,
/// arXiv 2203.15556, eq. 2), with N parameters and D training tokens; L in nats per token.
public struct ChinchillaLaw: Sendable, Hashable {
    /// Irreducible loss, nats per token.
    public var E: Double
    public var A: Double
    public var B: Double
    public var alpha: Double
    public var beta: Double

    public init(E: Double, A: Double, B: Double, alpha: Double, beta: Double) {
        self.E = E
        self.A = A
        self.B = B
        self.alpha = alpha
        self.beta = beta
    }

    /// Besiroglu, Erdil, Barnett & You 2024, "Chinchilla Scaling: A replication attempt"
    /// (arXiv 2404.10102), their table of Approach 3 estimates, refit on the points they extracted from
    /// Hoffmann et al. Fig. 4: E = 1.8172, A = 482.01, B = 2085.43, α = 0.3478, β = 0.3658.
    public static let epochRefit = ChinchillaLaw(E: 1.8172, A: 482.01, B: 2085.43, alpha: 0.3478, beta: 0.3658)

    /// Published standard errors of `epochRefit` (same table, in parentheses; bootstrap):
    /// E 0.03, A 124.58, B 1293.23, α 0.02, β 0.02.
    public static let epochStandardErrors: [String: Double] = ["E": 0.03, "A": 124.58, "B": 1293.23, "alpha": 0.02, "beta": 0.02]

    /// Hoffmann et al. 2022 §4.3 eq. 10 as printed in the paper body:
    /// E = 1.69, A = 406.4, B = 410.7, α = 0.34, β = 0.28.
    public static let hoffmann2022 = ChinchillaLaw(E: 1.69, A: 406.4, B: 410.7, alpha: 0.34, beta: 0.28)

    /// Predicted loss (nats per token) for `parameters` N and `tokens` D.
    public func loss(parameters n: Double, tokens d: Double) -> Double {
        E + A / Double.pow(n, alpha) + B / Double.pow(d, beta)
    }

    /// The compute-optimal split of `flops` C under C = 6·N·D (Kaplan et al. 2020 §2.1;
    /// Hoffmann et al. 2022 eq. 4): N* = G·(C/6)^(β/(α+β)), D* = (C/6)/N*, with
    /// G = (αA / (βB))^(1/(α+β)). E does not move the optimum.
    public func computeOptimal(flops: Double) -> ComputeOptimalAllocation {
        let g = Double.pow(alpha * A / (beta * B), 1 / (alpha + beta))
        let n = g * Double.pow(flops / 6, beta / (alpha + beta))
        let d = flops / 6 / n
        return ComputeOptimalAllocation(flops: flops, parameters: n, tokens: d, loss: loss(parameters: n, tokens: d))
    }
}

/// A compute budget split into model size and tokens.
public struct ComputeOptimalAllocation: Sendable, Hashable {
    /// Training compute C, FLOPs (C = 6·N·D).
    public var flops: Double
    /// Model parameters N*.
    public var parameters: Double
    /// Training tokens D*.
    public var tokens: Double
    /// Predicted loss at (N*, D*), nats per token.
    public var loss: Double
    /// D*/N*, tokens per parameter.
    public var tokensPerParameter: Double { tokens / parameters }
}
