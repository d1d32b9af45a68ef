import OrreryCore

/// The summary of a serving run: latency distributions, throughput, goodput under an SLO,
/// KV-cache use, and the quantities of Little's law.
///
/// - TTFT: first token time − arrival. TPOT (per request): (finish − first token) /
///   (output tokens − 1), requests with one output token left out. ITL mean: the mean gap
///   between consecutive tokens over all gaps (Σ(finish − first) / Σ(output − 1)), what
///   TensorRT-LLM's and vLLM's benchmarks report as mean ITL. E2E: finish − arrival.
/// - Throughputs divide by `simulated_s`, the time from 0 to the last completion.
/// - Little's law (Little, Operations Research 9(3), 1961): L = λ·W, with L the
///   time-average number of requests in the system (measured from the event loop's
///   counter), λ = completed / simulated_s and W the mean E2E latency.
public struct ServingMetrics: Hashable, Sendable {
    public var simulatedSeconds: Double
    public var requestsCompleted: Int
    public var outputTokensPerSecond: Double
    public var requestsPerSecond: Double
    public var ttft: LatencySummary
    public var tpot: LatencySummary
    public var itlMeanMilliseconds: Double
    /// 99th percentile of the time between consecutive tokens (TBT), ms (histogram, ≤ 4.4 % high).
    public var tbtP99Milliseconds: Double
    /// Mean of E2E latency / output tokens (vLLM paper's "normalized latency"), ms per token.
    public var normalizedLatencyMilliseconds: Double
    public var e2e: LatencySummary
    public var slo: ServiceLevelObjective?
    public var sloAttainment: Double?
    public var goodputRequestsPerSecond: Double?
    public var meanKVUtilization: Double
    public var peakKVUtilization: Double
    public var preemptions: Int
    public var prefixHitRate: Double?
    public var adapterLoads: Int
    public var tokensPerVerifyStep: Double?
    public var meanRequestsInSystem: Double
    public var littleLambdaW: Double
    public var iterations: Int
    public var kvSeries: [KVSample]

    public init(_ run: ServingRun, slo: ServiceLevelObjective? = nil) {
        let n = run.requests.count
        var ttfts: [Double] = [], tpots: [Double] = [], e2es: [Double] = []
        ttfts.reserveCapacity(n); tpots.reserveCapacity(n); e2es.reserveCapacity(n)
        var tokens = 0, gapSum = 0.0, gaps = 0, met = 0, done = 0, normalized = 0.0
        for (i, r) in run.requests.enumerated() {
            let fin = run.log.finish[i], first = run.log.firstToken[i]
            guard fin >= 0, first >= 0 else { continue }
            done += 1
            tokens += r.outputTokens
            let a = r.arrival.nanoseconds
            let ttft = Double(first - a) / 1e6
            ttfts.append(ttft)
            e2es.append(Double(fin - a) / 1e6)
            normalized += Double(fin - a) / 1e6 / Double(r.outputTokens)
            var tpot = 0.0
            if r.outputTokens > 1 {
                tpot = Double(fin - first) / 1e6 / Double(r.outputTokens - 1)
                tpots.append(tpot)
                gapSum += Double(fin - first) / 1e6
                gaps += r.outputTokens - 1
            }
            if let slo, ttft <= slo.ttftMilliseconds, tpot <= slo.tpotMilliseconds { met += 1 }
        }
        let t = max(run.end.seconds.value, 1e-9)
        simulatedSeconds = run.end.seconds.value
        requestsCompleted = done
        outputTokensPerSecond = Double(tokens) / t
        requestsPerSecond = Double(done) / t
        ttft = LatencySummary(milliseconds: ttfts)
        tpot = LatencySummary(milliseconds: tpots)
        itlMeanMilliseconds = gaps > 0 ? gapSum / Double(gaps) : 0
        tbtP99Milliseconds = run.tokenGaps.quantileMilliseconds(0.99)
        normalizedLatencyMilliseconds = done > 0 ? normalized / Double(done) : 0
        e2e = LatencySummary(milliseconds: e2es)
        self.slo = slo
        sloAttainment = slo.map { _ in done > 0 ? Double(met) / Double(done) : 0 }
        goodputRequestsPerSecond = slo.map { _ in Double(met) / t }
        let busy = run.replicas.map(\.busy.value).reduce(0, +)
        meanKVUtilization = busy > 0 ? run.replicas.map { $0.meanKVUtilization * $0.busy.value }.reduce(0, +) / busy : 0
        peakKVUtilization = run.replicas.map(\.peakKVUtilization).max() ?? 0
        preemptions = run.replicas.map(\.preemptions).reduce(0, +)
        let lookups = run.replicas.map(\.prefixLookups).reduce(0, +)
        prefixHitRate = lookups > 0 ? Double(run.replicas.map(\.prefixHits).reduce(0, +)) / Double(lookups) : nil
        adapterLoads = run.replicas.map(\.adapterLoads).reduce(0, +)
        let steps = run.replicas.map(\.verifySteps).reduce(0, +)
        tokensPerVerifyStep = steps > 0 ? Double(run.replicas.map(\.verifyTokens).reduce(0, +)) / Double(steps) : nil
        meanRequestsInSystem = run.systemArea / 1e9 / t
        littleLambdaW = requestsPerSecond * e2e.mean / 1e3
        iterations = run.replicas.map(\.iterations).reduce(0, +)
        kvSeries = run.kvSeries
    }
}
