import RealModule

/// A parametric loss law written for fitting: it predicts log-loss at one observation from an
/// internal parameter vector θ (positive coefficients as logs, exponents as they are), with
/// the gradient ∂ log L̂ / ∂θ. `HuberLBFGSFitter` minimises Σ Huber(log L̂ − log L).
public protocol LogLossModel: Sendable {
    associatedtype Observation: Sendable

    /// Public parameter names, in report order (`E, A, B, alpha, beta` for Chinchilla).
    var parameterNames: [String] { get }
    /// Number of internal parameters (the length of θ).
    var dimension: Int { get }
    /// The observed loss (nats per token, > 0) of an observation.
    func observedLoss(_ observation: Observation) -> Double
    /// log L̂(θ; observation); writes ∂ log L̂/∂θ into `gradient` (length `dimension`).
    func logPrediction(_ theta: [Double], _ observation: Observation, gradient: inout [Double]) -> Double
    /// Starting points to screen (the fitter keeps the best few and runs L-BFGS from each).
    func initialGrid(for observations: [Observation]) -> [[Double]]
    /// Public parameter values (same order as `parameterNames`) from θ.
    func publicParameters(_ theta: [Double]) -> [Double]
}

/// log Σ exp(xᵢ), computed stably, with the softmax weights written into `weights`.
@inline(__always)
func logSumExp(_ terms: [Double], weights: inout [Double]) -> Double {
    var m = -Double.infinity
    for t in terms where t > m { m = t }
    guard m.isFinite else {
        for i in weights.indices { weights[i] = 0 }
        return m
    }
    var s = 0.0
    for (i, t) in terms.enumerated() {
        let e = (t - m).isFinite ? _exp(t - m) : 0
        weights[i] = e
        s += e
    }
    for i in weights.indices { weights[i] /= s }
    return m + _log(s)
}

@inline(__always) func _exp(_ x: Double) -> Double { Double.exp(x) }
@inline(__always) func _log(_ x: Double) -> Double { Double.log(x) }
