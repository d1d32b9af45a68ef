import Foundation
import OrreryCost

/// Chrome / Perfetto trace (Trace Event Format, "JSON Object Format" with `traceEvents`):
/// one complete event ("ph": "X") per recorded iteration, process = replica, with its
/// prefill tokens and decodes as arguments, and a counter ("ph": "C") of the replica's KV
/// blocks in use. Times in microseconds. At most `ServeDeployment.traceIterationLimit`
/// iterations are recorded (the first ones).
public enum ChromeTraceExport {
    public static func render(_ run: ServingRun) -> String {
        var out = "{\"displayTimeUnit\": \"ms\", \"traceEvents\": [\n"
        var first = true
        func emit(_ s: String) {
            if !first { out += ",\n" }
            first = false
            out += s
        }
        var roles = Set<Int>()
        for r in run.trace where !roles.contains(r.replica) {
            roles.insert(r.replica)
            let role = r.replica < run.replicas.count ? run.replicas[r.replica].role.rawValue : "replica"
            emit("{\"name\": \"process_name\", \"ph\": \"M\", \"pid\": \(r.replica), \"args\": {\"name\": \"replica \(r.replica) (\(role))\"}}")
        }
        for r in run.trace {
            let ts = formatSignificant(Double(r.start) / 1e3), dur = formatSignificant(Double(r.duration) / 1e3)
            let name = r.prefillTokens > 0 ? (r.decodes > 0 ? "mixed" : "prefill") : "decode"
            emit("{\"name\": \"\(name)\", \"ph\": \"X\", \"pid\": \(r.replica), \"tid\": 0, \"ts\": \(ts), \"dur\": \(dur), \"args\": {\"prefill_tokens\": \(r.prefillTokens), \"decodes\": \(r.decodes)}}")
            emit("{\"name\": \"kv_blocks_used\", \"ph\": \"C\", \"pid\": \(r.replica), \"ts\": \(ts), \"args\": {\"blocks\": \(r.kvUsedBlocks)}}")
        }
        out += "\n]}\n"
        return out
    }
}
