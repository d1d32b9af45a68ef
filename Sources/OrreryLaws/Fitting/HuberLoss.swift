/// The Huber loss on a residual: quadratic inside `±delta`, linear outside.
///
/// `huber(r) = r²/2` for `|r| ≤ δ`, else `δ(|r| − δ/2)` (Huber 1964; the form used by
/// Hoffmann et al. 2022 §D.2 and Besiroglu et al. 2024 with δ = 1e-3 on log-loss residuals).
public struct HuberLoss: Sendable, Hashable {
    /// The threshold δ between the quadratic and linear regions (in residual units;
    /// for log-loss residuals, nats of log-loss).
    public var delta: Double

    /// δ = 1e-3: Hoffmann et al. 2022 (arXiv 2203.15556) §D.2, kept by Besiroglu et al. 2024.
    public static let chinchilla = HuberLoss(delta: 1e-3)

    public init(delta: Double) { self.delta = delta }

    /// The loss at residual `r`.
    public func value(_ r: Double) -> Double {
        let a = abs(r)
        return a <= delta ? 0.5 * r * r : delta * (a - 0.5 * delta)
    }

    /// dHuber/dr at residual `r` (continuous: r inside, ±δ outside).
    public func derivative(_ r: Double) -> Double {
        if r > delta { return delta }
        if r < -delta { return -delta }
        return r
    }
}
