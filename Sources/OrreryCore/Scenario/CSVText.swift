import Foundation

/// A strict RFC 4180 reader: comma-separated fields, `"`-quoted fields with `""` for a
/// quote, LF or CRLF line ends, an optional UTF-8 byte-order mark, blank lines skipped.
///
/// Written here rather than taken from yaslab/CSV.swift because that reader accepts
/// malformed input silently (an unterminated quote swallows the rest of the file; text
/// after a closing quote is appended to the field), and the batch contract must report a
/// file that is not valid CSV with its line and column. It works on UTF-8 bytes.
/// - Complexity: O(bytes).
struct CSVText {
    struct Record {
        /// 1-based line where the record starts.
        var line: Int
        var fields: [String]
    }

    var records: [Record]

    /// Parses `data`; `file` names it in errors.
    /// - Throws: `OrreryError.parse` with 1-based line and column for invalid UTF-8, an
    ///   unterminated quoted field, or text after a closing quote.
    init(data: Data, file: String) throws {
        var bytes = [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        guard String(bytes: bytes, encoding: .utf8) != nil else {
            throw OrreryError.parse(file: file, line: nil, column: nil, message: "not UTF-8 text")
        }
        records = try Self.parse(bytes, file: file)
    }

    private static let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), lf = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r")

    private static func parse(_ bytes: [UInt8], file: String) throws -> [Record] {
        var records: [Record] = []
        var fields: [String] = []
        var line = 1, lineStart = 0
        var recordLine = 1
        var i = 0
        let n = bytes.count

        func location(_ index: Int) -> (Int, Int) {
            (line, String(decoding: bytes[lineStart..<index], as: UTF8.self).count + 1)
        }
        func endRecord() {
            // A record that is one empty field is a blank line: skip it.
            if !(fields.count == 1 && fields[0].isEmpty) { records.append(Record(line: recordLine, fields: fields)) }
            fields.removeAll(keepingCapacity: true)
        }

        while i <= n {
            // At the start of a field.
            if i < n, bytes[i] == quote {
                let (openLine, openColumn) = location(i)
                var value: [UInt8] = []
                i += 1
                while true {
                    guard i < n else {
                        throw OrreryError.parse(file: file, line: openLine, column: openColumn,
                                                message: "unterminated quoted field (the quote opened here is never closed)")
                    }
                    let b = bytes[i]
                    if b == quote {
                        if i + 1 < n, bytes[i + 1] == quote {
                            value.append(quote)
                            i += 2
                            continue
                        }
                        i += 1
                        break
                    }
                    if b == lf {
                        line += 1
                        lineStart = i + 1
                    }
                    value.append(b)
                    i += 1
                }
                fields.append(String(decoding: value, as: UTF8.self))
                if i < n, bytes[i] != comma, bytes[i] != lf, bytes[i] != cr {
                    let (l, c) = location(i)
                    throw OrreryError.parse(file: file, line: l, column: c,
                                            message: "unexpected text after a closing quote (a quote inside a quoted field is written \"\")")
                }
            } else {
                let start = i
                while i < n, bytes[i] != comma, bytes[i] != lf, bytes[i] != cr { i += 1 }
                fields.append(String(decoding: bytes[start..<i], as: UTF8.self))
            }
            // After a field: a comma, a line end, or the end of the input.
            if i >= n {
                endRecord()
                break
            }
            switch bytes[i] {
            case comma:
                i += 1
                if i == n {  // a trailing comma ends with one empty field
                    fields.append("")
                    endRecord()
                    i += 1
                }
            case cr:
                i += 1
                if i < n, bytes[i] == lf { i += 1 }
                endRecord()
                line += 1
                lineStart = i
                recordLine = line
                if i == n { i += 1 }
            default:  // lf
                i += 1
                endRecord()
                line += 1
                lineStart = i
                recordLine = line
                if i == n { i += 1 }
            }
        }
        return records
    }
}
