import Foundation

/// Orrery's CSV reader (batch scenarios, kernel tables, validation data): strict RFC 4180.
/// Comma-separated fields, `"`-quoted fields with `""` for a quote (a quoted field may hold
/// commas and line breaks), LF, CRLF or CR line ends, an optional UTF-8 byte-order mark;
/// blank lines are skipped. Fields are kept as written unless `trimmingSpaces` is set.
///
/// Written here rather than taken from a package such as yaslab/CSV.swift, whose reader
/// accepts malformed input silently (an unterminated quote swallows the rest of the file;
/// text after a closing quote is appended to the field): a file that is not valid CSV is
/// reported with its line and column. It works on UTF-8 bytes.
/// - Complexity: O(bytes).
public struct CSVText: Sendable {
    /// One record (row) of the file.
    public struct Record: Sendable, Equatable {
        /// 1-based line where the record starts.
        public var line: Int
        /// The fields in file order, unquoted (`""` read as `"`).
        public var fields: [String]

        public init(line: Int, fields: [String]) {
            self.line = line
            self.fields = fields
        }
    }

    /// A record after the header, its fields keyed by header name.
    public struct KeyedRecord: Sendable {
        /// 1-based line where the record starts.
        public var line: Int
        /// Field by header name. A short record lacks the names past its last field; fields
        /// past the header's last column are dropped; of two columns with the same name, the
        /// later one wins.
        public var fields: [String: String]

        /// The field under `column`, or nil when the record has none there.
        public subscript(column: String) -> String? { fields[column] }
    }

    /// Every record, blank lines left out, in file order.
    public var records: [Record]

    /// Parses `data`; `file` names it in errors. With `trimmingSpaces`, white space
    /// (`CharacterSet.whitespaces`: space, tab and the other Unicode space separators) at
    /// both ends of each field is dropped, and around the quotes of a quoted field (inside
    /// the quotes it is kept); a record of white space only is then a blank line.
    /// - Throws: `OrreryError.parse` for invalid UTF-8, and with 1-based line and column for
    ///   an unterminated quoted field or text after a closing quote.
    public init(data: Data, file: String, trimmingSpaces: Bool = false) throws {
        var bytes = [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        guard String(bytes: bytes, encoding: .utf8) != nil else {
            throw OrreryError.parse(file: file, line: nil, column: nil, message: "not UTF-8 text")
        }
        records = try Self.parse(bytes, file: file, trimmingSpaces: trimmingSpaces)
    }

    /// Parses `text` (see `init(data:file:trimmingSpaces:)`).
    public init(text: String, file: String, trimmingSpaces: Bool = false) throws {
        try self.init(data: Data(text.utf8), file: file, trimmingSpaces: trimmingSpaces)
    }

    /// The first record's fields (the header row); empty when the file has no records.
    public var header: [String] { records.first?.fields ?? [] }

    /// The records after the header, keyed by its names, leaving out records whose fields
    /// are all empty.
    public var keyedRecords: [KeyedRecord] {
        let header = self.header
        return records.dropFirst().compactMap { record in
            if record.fields.allSatisfy(\.isEmpty) { return nil }
            var fields: [String: String] = [:]
            for (i, name) in header.enumerated() where i < record.fields.count { fields[name] = record.fields[i] }
            return KeyedRecord(line: record.line, fields: fields)
        }
    }

    private static let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), lf = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r")

    private static func parse(_ bytes: [UInt8], file: String, trimmingSpaces trim: Bool) throws -> [Record] {
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
        /// Byte length of the white-space scalar at `index` (`CharacterSet.whitespaces`), or 0.
        func spaceLength(_ index: Int) -> Int {
            let b = bytes[index]
            if b == 0x20 || b == 0x09 { return 1 }
            if b < 0x80 { return 0 }
            var it = bytes[index...].makeIterator()
            var decoder = UTF8()
            guard case let .scalarValue(scalar) = decoder.decode(&it), CharacterSet.whitespaces.contains(scalar) else { return 0 }
            return UTF8.width(scalar)
        }
        func skipSpaces() {
            while i < n {
                let length = spaceLength(i)
                if length == 0 { return }
                i += length
            }
        }

        while i <= n {
            // At the start of a field.
            if trim { skipSpaces() }
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
                if trim { skipSpaces() }
                if i < n, bytes[i] != comma, bytes[i] != lf, bytes[i] != cr {
                    let (l, c) = location(i)
                    throw OrreryError.parse(file: file, line: l, column: c,
                                            message: "unexpected text after a closing quote (a quote inside a quoted field is written \"\")")
                }
            } else {
                let start = i
                while i < n, bytes[i] != comma, bytes[i] != lf, bytes[i] != cr { i += 1 }
                let text = String(decoding: bytes[start..<i], as: UTF8.self)
                fields.append(trim ? text.trimmingCharacters(in: .whitespaces) : text)
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
