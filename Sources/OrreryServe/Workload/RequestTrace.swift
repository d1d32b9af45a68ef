import Foundation
import OrreryCore

/// A request trace file (CSV, read with the strict `CSVText` reader). Columns, by header
/// name in any order (see `Examples/serve/FORMAT.md`):
///
/// | column | required | meaning |
/// |---|---|---|
/// | `arrival_s` | yes | seconds since the start, ≥ 0, non-decreasing not required |
/// | `prompt_tokens` | yes | integer ≥ 1 |
/// | `output_tokens` | yes | integer ≥ 1 |
/// | `adapter` | no | id of a defined LoRA adapter; empty = base model |
/// | `prefix_id` | no | requests with the same id share their first `prefix_tokens` tokens |
/// | `prefix_tokens` | no | integer, 0 ≤ prefix_tokens ≤ prompt_tokens |
///
/// Requests are returned sorted by arrival (stable, so ties keep file order).
public enum RequestTrace {
    public static let columns = ["arrival_s", "prompt_tokens", "output_tokens", "adapter", "prefix_id", "prefix_tokens"]

    /// - Throws: `OrreryError.parse` naming the file and line for a missing column, a
    ///   missing/negative/non-integer length, a bad arrival time or an adapter id that
    ///   `adapters` does not define.
    public static func parse(data: Data, file: String, adapters: AdapterSet) throws -> [ServeRequest] {
        let csv = try CSVText(data: data, file: file, trimmingSpaces: true)
        let header = csv.header
        guard !header.isEmpty else { throw OrreryError.parse(file: file, line: 1, column: nil, message: "empty trace: expected a header row \(columns.joined(separator: ","))") }
        for required in columns.prefix(3) where !header.contains(required) {
            throw OrreryError.parse(file: file, line: 1, column: nil,
                                    message: "missing column '\(required)' (header must name \(columns.prefix(3).joined(separator: ", ")); optional: adapter, prefix_id, prefix_tokens)")
        }
        for name in header where !columns.contains(name) {
            throw OrreryError.parse(file: file, line: 1, column: nil, message: "unknown column '\(name)' (known: \(columns.joined(separator: ", ")))")
        }
        var out: [ServeRequest] = []
        var prefixIDs: [String: Int] = [:]
        for record in csv.keyedRecords {
            func fail(_ message: String) -> OrreryError { .parse(file: file, line: record.line, column: nil, message: message) }
            func count(_ column: String, min: Int) throws -> Int {
                guard let text = record[column], !text.isEmpty else { throw fail("\(column) is missing (an integer ≥ \(min))") }
                guard let v = Int(text) else { throw fail("\(column) = '\(text)' is not an integer ≥ \(min)") }
                guard v >= min else { throw fail("\(column) = \(v) is \(v < 0 ? "negative" : "too small"); it must be an integer ≥ \(min)") }
                guard v <= LengthDistribution.maxTokens else { throw fail("\(column) = \(v) exceeds \(LengthDistribution.maxTokens)") }
                return v
            }
            guard let arrivalText = record["arrival_s"], !arrivalText.isEmpty else { throw fail("arrival_s is missing (seconds ≥ 0)") }
            guard let arrival = Double(arrivalText), arrival.isFinite, arrival >= 0, arrival < 1e9 else {
                throw fail("arrival_s = '\(arrivalText)' is not a time in seconds ≥ 0")
            }
            let prompt = try count("prompt_tokens", min: 1)
            let output = try count("output_tokens", min: 1)
            var adapter: Int?
            if let name = record["adapter"], !name.isEmpty {
                guard let index = adapters.index(of: name) else {
                    throw fail("adapter '\(name)' is not defined (\(adapters.describeDefined); define adapters with --adapters)")
                }
                adapter = index
            }
            var group: Int?
            var prefixTokens = 0
            if let pid = record["prefix_id"], !pid.isEmpty {
                if let g = prefixIDs[pid] { group = g } else { group = prefixIDs.count; prefixIDs[pid] = prefixIDs.count }
                if let text = record["prefix_tokens"], !text.isEmpty { prefixTokens = try count("prefix_tokens", min: 0) }
                guard prefixTokens <= prompt else { throw fail("prefix_tokens = \(prefixTokens) exceeds prompt_tokens = \(prompt)") }
            }
            out.append(ServeRequest(id: 0, arrival: SimInstant(seconds: Seconds(arrival)), promptTokens: prompt, outputTokens: output,
                                    adapter: adapter, prefixGroup: group, prefixTokens: prefixTokens, sourceLine: record.line))
        }
        guard !out.isEmpty else { throw OrreryError.parse(file: file, line: nil, column: nil, message: "the trace has no requests") }
        out = out.enumerated().sorted { ($0.element.arrival, $0.offset) < ($1.element.arrival, $1.offset) }.map(\.element)
        for i in out.indices { out[i].id = i }
        return out
    }

    /// Reads and parses a trace file.
    public static func read(path: String, adapters: AdapterSet) throws -> [ServeRequest] {
        guard let data = FileManager.default.contents(atPath: path) else { throw OrreryError.io(path: path, message: "cannot read the trace file") }
        return try parse(data: data, file: path, adapters: adapters)
    }

    /// Writes requests in the trace format (for the shipped examples).
    public static func render(_ requests: [ServeRequest], adapters: AdapterSet) -> String {
        var lines = ["arrival_s,prompt_tokens,output_tokens,adapter,prefix_id,prefix_tokens"]
        for r in requests {
            let a = r.adapter.map { adapters.adapters[$0].name } ?? ""
            let p = r.prefixGroup.map { "p\($0)" } ?? ""
            lines.append("\(String(format: "%.6f", r.arrival.seconds.value)),\(r.promptTokens),\(r.outputTokens),\(a),\(p),\(r.prefixGroup == nil ? "" : String(r.prefixTokens))")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
