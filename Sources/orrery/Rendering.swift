import Foundation
import OrreryCore

/// CSV text, each field quoted per RFC 4180 by `TextEscaping.csvField` (a field with a
/// comma, quote, CR or LF is wrapped in quotes, inner quotes doubled). Written by hand
/// rather than with a CSV package's writer (CSV.swift's `CSVWriter`, with its per-field
/// `range(of:)` quoting check, took 15% of a 10,000-row batch estimate).
enum CSVRendering {
    static func csv(header: [String], rows: [[String]]) throws -> String {
        var out = ""
        out.reserveCapacity((rows.count + 1) * 160)
        append(header, to: &out)
        for r in rows { append(r, to: &out) }
        return out
    }

    static func append(_ row: [String], to out: inout String) {
        for (i, field) in row.enumerated() {
            if i > 0 { out.append(",") }
            out.append(TextEscaping.csvField(field))
        }
        out.append("\n")
    }
}

/// JSON through JSONSerialization with sorted keys (deterministic).
enum JSONRendering {
    /// One object per row; numeric-looking cells become numbers, empty cells null.
    static func records(header: [String], rows: [[String]]) -> String {
        let objects: [[String: Any]] = rows.map { row in
            var o: [String: Any] = [:]
            for (k, v) in zip(header, row) { o[k] = value(v) }
            return o
        }
        return encode(objects)
    }

    static func value(_ cell: String) -> Any {
        if cell.isEmpty { return NSNull() }
        if let d = Double(cell), d.isFinite, cell.first != "+" { return d }
        return cell
    }

    static func encode(_ object: Any) -> String {
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys]) else { return "null\n" }
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}

/// A plain aligned text table.
enum TableRendering {
    static func table(header: [String], rows: [[String]]) -> String {
        var widths = header.map(\.count)
        for r in rows { for (i, c) in r.enumerated() where i < widths.count { widths[i] = max(widths[i], c.count) } }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, c in c.padding(toLength: widths[min(i, widths.count - 1)], withPad: " ", startingAt: 0) }
                .joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }
        return ([line(header), line(widths.map { String(repeating: "-", count: $0) })] + rows.map(line)).joined(separator: "\n") + "\n"
    }
}
