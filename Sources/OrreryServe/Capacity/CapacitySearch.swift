import OrreryCore

/// Capacity planning: the largest request rate one replica (or one deployment) serves
/// while a criterion holds, found by doubling then bisection on the rate; and the replicas
/// a target load needs.
///
/// Each probe simulates `requestsPerProbe` Poisson arrivals at the rate (same seed for
/// every probe, so the probes differ only in rate). The criterion is monotone in practice
/// (more load never helps latency), which bisection assumes.
public struct CapacitySearch {
    public var deployment: ServeDeployment
    public var promptLength: LengthDistribution
    public var outputLength: LengthDistribution
    public var requestsPerProbe: Int
    public var seed: UInt64
    /// Relative width of the final bracket.
    public var tolerance: Double
    public var criterion: @Sendable (ServingMetrics) -> Bool

    public init(deployment: ServeDeployment, promptLength: LengthDistribution, outputLength: LengthDistribution,
                requestsPerProbe: Int = 600, seed: UInt64 = 1, tolerance: Double = 0.03,
                criterion: @escaping @Sendable (ServingMetrics) -> Bool) {
        self.deployment = deployment
        self.promptLength = promptLength
        self.outputLength = outputLength
        self.requestsPerProbe = requestsPerProbe
        self.seed = seed
        self.tolerance = tolerance
        self.criterion = criterion
    }

    /// The SLO-attainment criterion: at least `slo.attainment` of requests meet both bounds.
    public static func meets(_ slo: ServiceLevelObjective) -> @Sendable (ServingMetrics) -> Bool {
        { m in (m.sloAttainment ?? 0) >= slo.attainment }
    }

    public struct Result: Sendable {
        /// Largest rate found that meets the criterion, requests/s (0 if even the lowest fails).
        public var maxRate: Double
        public var metricsAtMax: ServingMetrics?
        public var probes: Int
    }

    /// Metrics of one probe at `rate`.
    public func probe(rate: Double, slo: ServiceLevelObjective? = nil) throws -> ServingMetrics {
        let w = SyntheticWorkload(arrivals: .poisson(rate: rate), promptLength: promptLength, outputLength: outputLength,
                                  duration: Seconds(1e9), count: requestsPerProbe)
        let run = try ServingSimulator(deployment: deployment).run(w.generate(seed: seed))
        return ServingMetrics(run, slo: slo)
    }

    /// - Throws: the simulator's errors (a request that does not fit).
    public func maxRate(slo: ServiceLevelObjective? = nil, start: Double = 0.5, ceiling: Double = 1e5) throws -> Result {
        var probes = 0
        var lo = 0.0, hi = start
        var best: ServingMetrics?
        // Double until the criterion fails.
        while hi <= ceiling {
            let m = try probe(rate: hi, slo: slo)
            probes += 1
            if criterion(m) { lo = hi; best = m; hi *= 2 } else { break }
        }
        if hi > ceiling { return Result(maxRate: lo, metricsAtMax: best, probes: probes) }
        if lo == 0 {
            // Even `start` fails: search downwards.
            var r = start / 2
            while r > start / 1024 {
                let m = try probe(rate: r, slo: slo)
                probes += 1
                if criterion(m) { lo = r; best = m; break }
                hi = r
                r /= 2
            }
            if lo == 0 { return Result(maxRate: 0, metricsAtMax: nil, probes: probes) }
        }
        while (hi - lo) / hi > tolerance {
            let mid = (lo + hi) / 2
            let m = try probe(rate: mid, slo: slo)
            probes += 1
            if criterion(m) { lo = mid; best = m } else { hi = mid }
        }
        return Result(maxRate: lo, metricsAtMax: best, probes: probes)
    }

    /// Replicas needed for `targetRate`: ⌈target / per-replica capacity⌉, then checked by
    /// simulating that many replicas behind the deployment's router at the target rate
    /// (adding replicas until the criterion holds, at most 4 more).
    public func replicasNeeded(targetRate: Double, perReplica: Double, slo: ServiceLevelObjective? = nil) throws -> Int {
        guard perReplica > 0 else { return 0 }
        var n = max(1, Int((targetRate / perReplica).rounded(.up)))
        for _ in 0..<5 {
            var d = deployment
            d.replicas = n
            let search = CapacitySearch(deployment: d, promptLength: promptLength, outputLength: outputLength,
                                        requestsPerProbe: requestsPerProbe * n, seed: seed, criterion: criterion)
            if criterion(try search.probe(rate: targetRate, slo: slo)) { return n }
            n += 1
        }
        return n
    }
}
