import Foundation
import OrreryCore

/// One row of `shared/validation/published.csv` (embedded as `PublishedValidationData`):
/// the configuration as far as the source states it (nil = not stated) and one measured
/// number. Column meanings: `shared/validation/README.md`.
struct PublishedRow: Sendable {
    /// Line in the CSV (header = 1).
    var line: Int
    var source: String
    var model: String
    var layers: Int?, hidden: Int?, ffnHidden: Int?, heads: Int?, kvHeads: Int?, vocab: Int?, seqLen: Int?
    var gpu: String
    var numGPUs: Int?, tp: Int?, pp: Int?, dp: Int?, vpp: Int?
    var recompute: String
    var globalBatch: Int?, microBatch: Int?
    var precision: String
    var metricName: String
    var metricValue: Double
    var notes: String

    /// Every row of the embedded published data, in file order.
    static let all: [PublishedRow] = {
        // The embedded text is fixed and covered by tests; a parse failure is a build defect.
        do {
            return try parse(PublishedValidationData.publishedCSV)
        } catch {
            preconditionFailure("embedded published.csv does not parse: \(error)")
        }
    }()

    /// Rows whose `metric_name` is one of `metrics`, in file order.
    static func rows(metrics: Set<String>) -> [PublishedRow] { all.filter { metrics.contains($0.metricName) } }

    /// Parses published.csv text (fields trimmed of surrounding white space).
    /// - Throws: `OrreryError.parse` naming the file, line (and column, for invalid CSV).
    static func parse(_ text: String, file: String = "published.csv") throws -> [PublishedRow] {
        let csv = try CSVText(text: text, file: file, trimmingSpaces: true)
        guard !csv.records.isEmpty else {
            throw OrreryError.parse(file: file, line: 1, column: nil, message: "empty file; expected a header row")
        }
        var out: [PublishedRow] = []
        for record in csv.keyedRecords {
            let line = record.line, f = record.fields
            func int(_ key: String) throws -> Int? {
                guard let t = f[key], !t.isEmpty else { return nil }
                guard let v = Int(t) else {
                    throw OrreryError.parse(file: file, line: line, column: nil, message: "column \(key) = '\(t)' is not an integer")
                }
                return v
            }
            guard let value = Double(f["metric_value"] ?? "") else {
                throw OrreryError.parse(file: file, line: line, column: nil,
                                        message: "column metric_value = '\(f["metric_value"] ?? "")' is not a number")
            }
            out.append(PublishedRow(
                line: line, source: f["source"] ?? "", model: f["model"] ?? "",
                layers: try int("layers"), hidden: try int("hidden"), ffnHidden: try int("ffn_hidden"),
                heads: try int("heads"), kvHeads: try int("kv_heads"), vocab: try int("vocab"), seqLen: try int("seq_len"),
                gpu: f["gpu"] ?? "", numGPUs: try int("num_gpus"), tp: try int("tp"), pp: try int("pp"), dp: try int("dp"),
                vpp: try int("vpp"), recompute: f["recompute"] ?? "",
                globalBatch: try int("global_batch"), microBatch: try int("micro_batch"),
                precision: f["precision"] ?? "", metricName: f["metric_name"] ?? "", metricValue: value,
                notes: f["notes"] ?? ""))
        }
        return out
    }
}
