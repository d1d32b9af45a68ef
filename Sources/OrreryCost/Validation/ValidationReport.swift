import Foundation
import OrreryCore

/// Renders validation suites for `orrery validate`: a readable table (one line per suite and
/// source; with `details`, every case), or data only as JSON or CSV. Deterministic: the
/// same suites give the same bytes.
public enum ValidationReport {
    public enum Format: String, Sendable, CaseIterable {
        case table, json, csv
    }

    public static func render(_ suites: [ValidationSuite], format: Format, details: Bool) -> String {
        switch format {
        case .table: return table(suites, details: details)
        case .json: return json(suites, details: details)
        case .csv: return csv(suites, details: details)
        }
    }

    /// A percentage with 2 decimals ("12.34"); "-" when undefined.
    static func percent(_ x: Double) -> String { x.isFinite ? String(format: "%.2f", x) : "-" }

    static func pad(_ s: String, _ width: Int, right: Bool = false) -> String {
        let gap = String(repeating: " ", count: max(0, width - s.count))
        return right ? gap + s : s + gap
    }

    /// Rows of cells as aligned text; `numeric` columns are right-aligned.
    static func grid(_ rows: [[String]], numeric: Set<Int>) -> String {
        guard let first = rows.first else { return "" }
        let widths = first.indices.map { c in rows.map { c < $0.count ? $0[c].count : 0 }.max() ?? 0 }
        return rows.map { row in
            row.indices.map { c in
                c == row.count - 1 && !numeric.contains(c) ? row[c] : pad(row[c], widths[c], right: numeric.contains(c))
            }.joined(separator: "  ")
        }.joined(separator: "\n") + "\n"
    }

    static func table(_ suites: [ValidationSuite], details: Bool) -> String {
        var sources: [String] = [], kernels: [String] = []
        func ref(_ s: String, in list: inout [String]) -> Int {
            if let i = list.firstIndex(of: s) { return i + 1 }
            list.append(s)
            return list.count
        }
        var rows: [[String]] = [["suite", "source", "n", "MAPE %", "max APE %", "kernels"]]
        for suite in suites {
            let summary = suite.summary
            if summary.isEmpty {
                rows.append([suite.name, "-", "0", "-", "-", "-"])
                continue
            }
            for (i, line) in summary.enumerated() {
                let k = line.kernelSources.map { "k\(ref($0, in: &kernels))" }.joined(separator: ",")
                rows.append([i == 0 ? suite.name : "", "[\(ref(line.source, in: &sources))]", "\(line.count)",
                             percent(line.mape), percent(line.maxAbsolutePercentError), k])
            }
        }
        var out = "orrery validate: predicted vs measured, APE = |predicted - measured| / measured, MAPE = mean APE\n\n"
        out += grid(rows, numeric: [2, 3, 4])
        if !sources.isEmpty {
            out += "\nsources:\n" + sources.enumerated().map { "  [\($0.offset + 1)] \($0.element)" }.joined(separator: "\n") + "\n"
        }
        if !kernels.isEmpty {
            out += "kernel models:\n" + kernels.enumerated().map { "  k\($0.offset + 1) \($0.element)" }.joined(separator: "\n") + "\n"
        }
        let empty = suites.filter { $0.entries.isEmpty }
        for s in empty where !s.notes.isEmpty && !details {
            out += "\n\(s.name): \(s.notes[0])\n"
        }
        let skipped = suites.filter { !$0.skipped.isEmpty }
        if !skipped.isEmpty, !details {
            out += "\nrows left out (--details lists why): " + skipped.map { "\($0.name): \($0.skipped.count)" }.joined(separator: "; ") + "\n"
        }
        guard details else { return out }
        for suite in suites {
            out += "\n== \(suite.name)\n"
            for n in suite.notes { out += "  - \(n)\n" }
            if !suite.entries.isEmpty {
                var caseRows: [[String]] = [["", "label", "metric", "predicted", "measured", "APE %"]]
                for e in suite.entries {
                    let c = e.case
                    caseRows.append(["[\(ref(c.source, in: &sources))]", c.label, c.metric, formatSignificant(c.predicted),
                                     formatSignificant(c.measured), percent(c.absolutePercentError)])
                }
                out += "\n" + grid(caseRows, numeric: [3, 4, 5]).split(separator: "\n", omittingEmptySubsequences: false)
                    .map { $0.isEmpty ? "" : "  " + $0 }.joined(separator: "\n")
            }
            for s in suite.skipped { out += "  left out: \(s)\n" }
        }
        return out
    }

    /// A JSON string literal (`TextEscaping.jsonString`).
    static func jsonString(_ s: String) -> String { TextEscaping.jsonString(s) }

    static func jsonNumber(_ x: Double) -> String { x.isFinite ? formatSignificant(x) : "null" }
    static func jsonPercent(_ x: Double) -> String { x.isFinite ? String(format: "%.4f", x) : "null" }
    static func jsonList(_ xs: [String]) -> String { "[" + xs.map(jsonString).joined(separator: ", ") + "]" }

    static func json(_ suites: [ValidationSuite], details: Bool) -> String {
        let items = suites.map { suite -> String in
            var fields = [
                "\"name\": \(jsonString(suite.name))",
                "\"n\": \(suite.entries.count)",
                "\"mape_pct\": \(suite.entries.isEmpty ? "null" : jsonPercent(suite.mape))",
                "\"max_ape_pct\": \(suite.entries.isEmpty ? "null" : jsonPercent(suite.maxAbsolutePercentError))",
            ]
            let summary = suite.summary.map { s in
                "      {\"source\": \(jsonString(s.source)), \"n\": \(s.count), \"mape_pct\": \(jsonPercent(s.mape)), "
                    + "\"max_ape_pct\": \(jsonPercent(s.maxAbsolutePercentError)), \"kernel_sources\": \(jsonList(s.kernelSources))}"
            }
            fields.append("\"by_source\": [" + (summary.isEmpty ? "]" : "\n" + summary.joined(separator: ",\n") + "\n    ]"))
            fields.append("\"notes\": \(jsonList(suite.notes))")
            fields.append("\"skipped\": \(jsonList(suite.skipped))")
            if details {
                let cases = suite.entries.map { e in
                    let c = e.case
                    return "      {\"source\": \(jsonString(c.source)), \"label\": \(jsonString(c.label)), \"metric\": \(jsonString(c.metric)), "
                        + "\"predicted\": \(jsonNumber(c.predicted)), \"measured\": \(jsonNumber(c.measured)), "
                        + "\"ape_pct\": \(jsonPercent(c.absolutePercentError)), \"kernel_source\": \(jsonString(e.kernelSource))}"
                }
                fields.append("\"cases\": [" + (cases.isEmpty ? "]" : "\n" + cases.joined(separator: ",\n") + "\n    ]"))
            }
            return "  {\n" + fields.map { "    " + $0 }.joined(separator: ",\n") + "\n  }"
        }
        return "{\"suites\": [\n" + items.joined(separator: ",\n") + "\n]}\n"
    }

    static func csv(_ suites: [ValidationSuite], details: Bool) -> String {
        let field = TextEscaping.csvField
        var lines: [String]
        if details {
            lines = ["suite,source,label,metric,predicted,measured,ape_pct,kernel_source"]
            for suite in suites {
                for e in suite.entries {
                    let c = e.case
                    lines.append([c.suite, c.source, c.label, c.metric, formatSignificant(c.predicted), formatSignificant(c.measured),
                                  c.absolutePercentError.isFinite ? String(format: "%.4f", c.absolutePercentError) : "",
                                  e.kernelSource].map(field).joined(separator: ","))
                }
            }
        } else {
            lines = ["suite,source,n,mape_pct,max_ape_pct,kernel_sources"]
            for suite in suites {
                let summary = suite.summary
                if summary.isEmpty { lines.append([suite.name, "", "0", "", "", ""].map(field).joined(separator: ",")) }
                for s in summary {
                    lines.append([suite.name, s.source, "\(s.count)", String(format: "%.4f", s.mape),
                                  String(format: "%.4f", s.maxAbsolutePercentError), s.kernelSources.joined(separator: "; ")]
                        .map(field).joined(separator: ","))
                }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
