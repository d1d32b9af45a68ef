/// Mean and percentiles of a latency sample, milliseconds. Percentiles are nearest-rank
/// (the ⌈p·n⌉-th smallest value), so every reported value is an observed one.
public struct LatencySummary: Hashable, Sendable {
    public var mean: Double
    public var p50: Double
    public var p90: Double
    public var p99: Double
    public var count: Int

    public init(milliseconds values: [Double]) {
        count = values.count
        guard !values.isEmpty else { mean = 0; p50 = 0; p90 = 0; p99 = 0; return }
        let sorted = values.sorted()
        func rank(_ p: Double) -> Double {
            let k = Int((p * Double(sorted.count)).rounded(.up))
            return sorted[min(max(k, 1), sorted.count) - 1]
        }
        mean = values.reduce(0, +) / Double(values.count)
        p50 = rank(0.5)
        p90 = rank(0.9)
        p99 = rank(0.99)
    }
}

/// A latency target: a request meets it when its TTFT and its TPOT are both within bounds
/// (DistServe's SLO attainment; goodput = completed requests per second that meet it).
public struct ServiceLevelObjective: Hashable, Sendable {
    public var ttftMilliseconds: Double
    public var tpotMilliseconds: Double
    /// Fraction of requests that must meet it for a load to count as served (capacity search).
    public var attainment: Double

    public init(ttftMilliseconds: Double, tpotMilliseconds: Double, attainment: Double = 0.9) {
        self.ttftMilliseconds = ttftMilliseconds
        self.tpotMilliseconds = tpotMilliseconds
        self.attainment = attainment
    }
}
