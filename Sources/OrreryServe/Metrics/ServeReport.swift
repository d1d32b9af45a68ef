import Foundation
import OrreryCore
import OrreryCost

/// The `orrery serve` output (DESIGN.md contract): `simulated_s, requests_completed,
/// output_tokens_per_s, requests_per_s, ttft_ms {mean, p50, p99}, tpot_ms {…}, e2e_ms {…}`,
/// then extra keys. Numbers are written with `formatSignificant` (6 significant digits),
/// keys in a fixed order, so the same run gives the same bytes.
public enum ServeReport {
    public indirect enum Value: Sendable {
        case number(Double)
        case integer(Int)
        case text(String)
        case object([(String, Value)])
        case list([Value])
    }

    public struct Capacity: Sendable {
        public var maxRatePerReplica: Double
        public var probes: Int
        public var targetRate: Double?
        public var replicasNeeded: Int?
        public init(maxRatePerReplica: Double, probes: Int, targetRate: Double?, replicasNeeded: Int?) {
            self.maxRatePerReplica = maxRatePerReplica
            self.probes = probes
            self.targetRate = targetRate
            self.replicasNeeded = replicasNeeded
        }
    }

    static func summary(_ s: LatencySummary) -> Value {
        .object([("mean", .number(s.mean)), ("p50", .number(s.p50)), ("p90", .number(s.p90)), ("p99", .number(s.p99))])
    }

    /// The report's fields in output order.
    public static func fields(_ m: ServingMetrics, engine: String, capacity: Capacity? = nil, kvSeries: Bool = false) -> [(String, Value)] {
        var f: [(String, Value)] = [
            ("simulated_s", .number(m.simulatedSeconds)),
            ("requests_completed", .integer(m.requestsCompleted)),
            ("output_tokens_per_s", .number(m.outputTokensPerSecond)),
            ("requests_per_s", .number(m.requestsPerSecond)),
            ("ttft_ms", summary(m.ttft)),
            ("tpot_ms", summary(m.tpot)),
            ("e2e_ms", summary(m.e2e)),
            ("itl_ms_mean", .number(m.itlMeanMilliseconds)),
            ("tbt_p99_ms", .number(m.tbtP99Milliseconds)),
            ("normalized_latency_ms_per_token", .number(m.normalizedLatencyMilliseconds)),
        ]
        if let slo = m.slo {
            f.append(("slo", .object([("ttft_ms", .number(slo.ttftMilliseconds)), ("tpot_ms", .number(slo.tpotMilliseconds))])))
            f.append(("slo_attainment", .number(m.sloAttainment ?? 0)))
            f.append(("goodput_requests_per_s", .number(m.goodputRequestsPerSecond ?? 0)))
        }
        f.append(("kv_cache_utilization", .object([("mean", .number(m.meanKVUtilization)), ("peak", .number(m.peakKVUtilization))])))
        f.append(("preemptions", .integer(m.preemptions)))
        f.append(("iterations", .integer(m.iterations)))
        f.append(("little_law", .object([("mean_requests_in_system", .number(m.meanRequestsInSystem)), ("lambda_times_w", .number(m.littleLambdaW))])))
        if let p = m.prefixHitRate { f.append(("prefix_cache_hit_rate", .number(p))) }
        if m.adapterLoads > 0 { f.append(("adapter_loads", .integer(m.adapterLoads))) }
        if let t = m.tokensPerVerifyStep { f.append(("spec_tokens_per_step", .number(t))) }
        f.append(("engine", .text(engine)))
        if let c = capacity {
            var o: [(String, Value)] = [("max_requests_per_s_per_replica", .number(c.maxRatePerReplica)), ("probes", .integer(c.probes))]
            if let t = c.targetRate { o.append(("target_requests_per_s", .number(t))) }
            if let n = c.replicasNeeded { o.append(("replicas_needed", .integer(n))) }
            f.append(("capacity", .object(o)))
        }
        if kvSeries {
            f.append(("kv_utilization_series", .list(m.kvSeries.map { .list([.number($0.time.seconds.value), .number($0.utilization)]) })))
        }
        return f
    }

    static func scalar(_ v: Value) -> String {
        switch v {
        case .number(let x): return formatSignificant(x)
        case .integer(let n): return String(n)
        case .text(let s): return s
        case .object, .list: return ""
        }
    }

    /// JSON text (data only).
    public static func json(_ fields: [(String, Value)]) -> String {
        func render(_ v: Value, indent: String) -> String {
            switch v {
            case .number(let x): return x.isFinite ? formatSignificant(x) : "null"
            case .integer(let n): return String(n)
            case .text(let s): return "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
            case .list(let items): return "[" + items.map { render($0, indent: indent) }.joined(separator: ", ") + "]"
            case .object(let kv):
                let inner = indent + "  "
                return "{\n" + kv.map { "\(inner)\"\($0.0)\": \(render($0.1, indent: inner))" }.joined(separator: ",\n") + "\n\(indent)}"
            }
        }
        return render(.object(fields), indent: "") + "\n"
    }

    /// Flattened `key.sub` columns (lists left out).
    public static func flat(_ fields: [(String, Value)]) -> [(String, String)] {
        var out: [(String, String)] = []
        for (k, v) in fields {
            switch v {
            case .object(let kv): for (k2, v2) in kv { out.append(("\(k).\(k2)", scalar(v2))) }
            case .list: continue
            default: out.append((k, scalar(v)))
            }
        }
        return out
    }
}
