/// A fitted law: public parameter values, bootstrap intervals and how well it fits.
public struct LawFit: Sendable {
    /// Public parameter names in report order.
    public var names: [String]
    /// Fitted values, same order as `names`.
    public var values: [Double]
    /// Internal parameter vector at the optimum (logs of coefficients).
    public var theta: [Double]
    /// Percentile bootstrap interval per parameter (same order), or nil when not computed.
    public var intervals: [ClosedRange<Double>]?
    /// Huber objective at the optimum, Σ Huber_δ(log L̂ − log L).
    public var objective: Double
    /// Mean of |L̂ − L| / L over the fitted points (a fraction: 0.01 = 1 %).
    public var meanRelativeError: Double
    /// Number of points fitted.
    public var pointCount: Int

    /// The value of the parameter called `name`.
    public subscript(name: String) -> Double? {
        names.firstIndex(of: name).map { values[$0] }
    }
}
