import Foundation
import OrreryCore

/// A simulated step as a Chrome trace (the JSON Trace Event Format, which Perfetto and
/// chrome://tracing open): one complete event ("ph": "X") per task, `ts` and `dur` in
/// microseconds (the format's unit; `displayTimeUnit` is set explicitly), pid = node,
/// tid = global rank · 8 + stream, with process and thread names as metadata events.
/// Each simulated rank group is drawn on its tensor rank 0; data-parallel collectives on
/// every replica's group of the stage. Deterministic: same run, same bytes.
public enum ChromeTrace {
    static let streamNames = ["compute", "tp comm", "cp comm", "pp send fwd", "pp send bwd", "dp comm", "sync"]

    /// - Throws: `OrreryError.rule` when the step was run without `recordTrace`.
    public static func render(_ step: SimulatedStep) throws -> String {
        guard let record = step.record else {
            throw OrreryError.rule(field: "--trace", rule: "the simulation did not record task intervals (SimulationOptions.recordTrace)")
        }
        let groups = record.groups, pp = groups.pp
        var out = "{\"displayTimeUnit\": \"ms\", \"otherData\": {\"time_unit\": \"us\", \"schedule\": \"\(step.schedule)\"}, \"traceEvents\": [\n"
        var first = true
        func emit(_ s: String) {
            if !first { out += ",\n" }
            first = false
            out += s
        }
        var namedPids = Set<Int>(), namedThreads = Set<Int>()
        func thread(owner: Int, stream: Int) -> (pid: Int, tid: Int) {
            let rank = groups.firstRank(replica: owner / pp, rank: owner % pp)
            let pid = rank / max(record.gpusPerNode, 1), tid = rank * 8 + stream
            if namedPids.insert(pid).inserted {
                emit("{\"ph\": \"M\", \"name\": \"process_name\", \"pid\": \(pid), \"args\": {\"name\": \"node \(pid)\"}}")
            }
            if namedThreads.insert(tid).inserted {
                let r = groups.replicas[owner / pp]
                let label = "rank \(rank) (pp \(owner % pp), dp \(r.dpIndex)\(r.count > 1 ? " +\(r.count - 1) alike" : "")) \(streamNames[stream])"
                emit("{\"ph\": \"M\", \"name\": \"thread_name\", \"pid\": \(pid), \"tid\": \(tid), \"args\": {\"name\": \"\(label)\"}}")
                emit("{\"ph\": \"M\", \"name\": \"thread_sort_index\", \"pid\": \(pid), \"tid\": \(tid), \"args\": {\"sort_index\": \(tid)}}")
            }
            return (pid, tid)
        }
        func us(_ ns: Int64) -> String { String(format: "%.3f", Double(ns) / 1e3) }
        for (i, t) in record.tasks.enumerated() where record.start[i] >= 0 {
            var owners: [Int] = []
            var stream: Int
            switch t.kind {
            case .gradientReduce, .parameterGather:
                owners = (0..<groups.replicas.count).map { $0 * pp + Int(t.stage) }
                stream = 5
            case .synchronisation:
                owners = [0]
                stream = 6
            default:
                owners = [Int(t.owner)]
                stream = Int(t.stream) % RankStreams.streamsPerGroup
            }
            var name = t.kind.name
            switch t.kind {
            case .forward, .backward, .recompute, .weightGradient, .tensorParallel, .contextParallel, .pipelineSend:
                name += " mb\(t.microBatch)" + (t.chunk > 0 || pp * 1 != step.work.virtualStageCount ? " chunk\(t.chunk)" : "")
                if t.kind != .weightGradient && t.kind != .pipelineSend {
                    let vs = Int(t.chunk) * pp + Int(t.stage)
                    let unit = step.work.stages[vs][Int(t.unit)]
                    name += unit.layer.map { " layer\($0)" } ?? " \(unit.kind.rawValue)"
                }
            case .gradientReduce, .parameterGather:
                name += t.microBatch > 0 || step.work.zero >= 3 ? " mb\(t.microBatch) unit\(t.unit)" : " bucket\(t.unit) chunk\(t.chunk)"
            default: break
            }
            for o in owners {
                let (pid, tid) = thread(owner: o, stream: stream)
                emit("{\"ph\": \"X\", \"name\": \"\(name)\", \"cat\": \"\(t.kind.name)\", \"pid\": \(pid), \"tid\": \(tid), \"ts\": \(us(record.start[i])), \"dur\": \(us(record.end[i] - record.start[i]))}")
            }
        }
        out += "\n]}\n"
        return out
    }
}
