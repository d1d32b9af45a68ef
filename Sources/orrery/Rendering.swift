import CSV
import Foundation

/// CSV text through CSV.swift's writer (quoting as RFC 4180).
enum CSVRendering {
    static func csv(header: [String], rows: [[String]]) throws -> String {
        let writer = try CSVWriter(stream: .toMemory())
        try writer.write(row: header)
        for r in rows { try writer.write(row: r) }
        writer.stream.close()
        guard let data = writer.stream.property(forKey: .dataWrittenToMemoryStreamKey) as? Data else { return "" }
        return String(decoding: data, as: UTF8.self) + "\n"
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
