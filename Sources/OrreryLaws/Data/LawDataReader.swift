import Foundation
import OrreryCore

/// Reads the CSV files `orrery laws` fits, with `OrreryCore.CSVText`; every bad value is
/// reported with its file, line and column name.
///
/// Column names are matched case-insensitively after trimming; the accepted spellings are
/// listed with each reader.
public enum LawDataReader {
    /// Chinchilla runs: N from `N`, `parameters` or `Model Size`; D from `D` or `tokens`, or
    /// else from C (`C`, `flops`, `Training FLOP`) as D = C / (6N) (Kaplan et al. 2020 §2.1);
    /// `loss`. The columns Epoch AI's file carries (`x, y, color, hex_color`) are ignored.
    public static func chinchilla(_ text: String, file: String) throws -> [ChinchillaObservation] {
        let table = try Table(text, file: file)
        let n = try table.column(["n", "parameters", "model size"], what: "model size N")
        let d = table.optionalColumn(["d", "tokens"])
        let c = d == nil ? try table.column(["c", "flops", "training flop"], what: "tokens D (or compute C)") : nil
        let loss = try table.column(["loss"], what: "loss")
        return try table.rows.map { row in
            let np = try table.positive(row, n)
            let l = try table.positive(row, loss)
            let dp = try d.map { try table.positive(row, $0) } ?? (try table.positive(row, c!) / (6 * np))
            return ChinchillaObservation(parameters: np, tokens: dp, loss: l, line: row.line)
        }
    }

    /// D-CPT runs: `N`/`parameters`, `D`/`tokens`, `r`/`ratio` in [0, 1], `loss`, and for
    /// the cross-domain law `K`/`domain_coefficient` (> 0) on every row.
    public static func dcpt(_ text: String, file: String) throws -> [DCPTObservation] {
        let table = try Table(text, file: file)
        let n = try table.column(["n", "parameters", "model size"], what: "model size N")
        let d = try table.column(["d", "tokens"], what: "tokens D")
        let r = try table.column(["r", "ratio"], what: "mixture ratio r")
        let k = table.optionalColumn(["k", "domain_coefficient"])
        let loss = try table.column(["loss"], what: "loss")
        return try table.rows.map { row in
            DCPTObservation(parameters: try table.positive(row, n), tokens: try table.positive(row, d),
                            ratio: try table.fraction(row, r), domainCoefficient: try k.map { try table.positive(row, $0) },
                            loss: try table.positive(row, loss), line: row.line)
        }
    }

    /// Mixture runs: one `ratio_<domain>` column per training domain (each in [0, 1], summing
    /// to 1 within 1e-6), `loss`, and any other columns (`valid_domain`, `model_size`, `step`)
    /// that pick the group a row belongs to (one law per group).
    public static func mixing(_ text: String, file: String) throws -> MixingDataset {
        let table = try Table(text, file: file)
        let ratioColumns = table.header.enumerated().filter { $0.element.lowercased().hasPrefix("ratio_") }
        guard ratioColumns.count >= 2 else {
            throw OrreryError.parse(file: file, line: 1, column: nil,
                                    message: "need at least two ratio_<domain> columns (one per training domain); found \(ratioColumns.count)")
        }
        let loss = try table.column(["loss"], what: "loss")
        let ratioIndices = Set(ratioColumns.map(\.offset))
        let groupColumns = table.header.indices.filter { !ratioIndices.contains($0) && $0 != loss }
        var order: [String] = []
        var groups: [String: [MixingObservation]] = [:]
        for row in table.rows {
            let ratios = try ratioColumns.map { try table.fraction(row, $0.offset) }
            let sum = ratios.reduce(0, +)
            guard abs(sum - 1) <= 1e-6 else {
                throw OrreryError.rule(field: "\(file) line \(row.line)", rule: "the ratio_ columns sum to \(sum); mixture proportions must sum to 1")
            }
            let label = groupColumns.map { "\(table.header[$0])=\(table.text(row, $0))" }.joined(separator: ", ")
            if groups[label] == nil { order.append(label) }
            groups[label, default: []].append(MixingObservation(ratios: ratios, loss: try table.positive(row, loss), line: row.line))
        }
        return MixingDataset(domains: ratioColumns.map { String($0.element.dropFirst("ratio_".count)) },
                             groups: order.map { MixingDataset.Group(label: $0.isEmpty ? "all" : $0, observations: groups[$0]!) })
    }

    /// DDK loss tables: `domain`, `teacher_loss`, `student_loss` (> 0), and optionally `step`
    /// (an integer; rows with the same step are one evaluation; without it the whole file is
    /// one evaluation). Steps are taken in increasing order.
    public static func ddk(_ text: String, file: String) throws -> [(step: Int, losses: [DDKDomainLoss])] {
        let table = try Table(text, file: file)
        let domain = try table.column(["domain"], what: "domain")
        let teacher = try table.column(["teacher_loss"], what: "teacher_loss")
        let student = try table.column(["student_loss"], what: "student_loss")
        let step = table.optionalColumn(["step"])
        var byStep: [Int: [DDKDomainLoss]] = [:]
        for row in table.rows {
            var s = 0
            if let step {
                guard let v = Int(table.text(row, step)) else {
                    throw OrreryError.invalidValue(field: "\(file) line \(row.line) column step", value: table.text(row, step), allowed: "an integer")
                }
                s = v
            }
            let name = table.text(row, domain)
            guard !name.isEmpty else {
                throw OrreryError.invalidValue(field: "\(file) line \(row.line) column domain", value: "", allowed: "a domain name")
            }
            if byStep[s, default: []].contains(where: { $0.domain == name }) {
                throw OrreryError.rule(field: "\(file) line \(row.line)", rule: "domain '\(name)' appears twice in step \(s)")
            }
            byStep[s, default: []].append(DDKDomainLoss(domain: name, teacherLoss: try table.positive(row, teacher),
                                                        studentLoss: try table.positive(row, student)))
        }
        return byStep.keys.sorted().map { (step: $0, losses: byStep[$0]!) }
    }
}

/// A parsed CSV with column look-up and checked numeric fields.
struct Table {
    let file: String
    let header: [String]
    let rows: [CSVText.Record]

    init(_ text: String, file: String) throws {
        let csv = try CSVText(text: text, file: file, trimmingSpaces: true)
        self.file = file
        header = csv.header
        rows = csv.records.dropFirst().filter { !$0.fields.allSatisfy(\.isEmpty) }
        guard !header.isEmpty else { throw OrreryError.parse(file: file, line: nil, column: nil, message: "empty file: expected a header row") }
        guard !rows.isEmpty else { throw OrreryError.parse(file: file, line: 1, column: nil, message: "no data rows after the header") }
    }

    func optionalColumn(_ names: [String]) -> Int? {
        header.firstIndex { names.contains($0.lowercased()) }
    }

    func column(_ names: [String], what: String) throws -> Int {
        guard let i = optionalColumn(names) else {
            throw OrreryError.parse(file: file, line: 1, column: nil,
                                    message: "no column for \(what): name one of \(names.map { "'\($0)'" }.joined(separator: ", ")) (header: \(header.joined(separator: ", ")))")
        }
        return i
    }

    func text(_ row: CSVText.Record, _ i: Int) -> String { i < row.fields.count ? row.fields[i] : "" }

    func number(_ row: CSVText.Record, _ i: Int, allowed: String) throws -> Double {
        let s = text(row, i)
        guard let v = Double(s), v.isFinite else {
            throw OrreryError.invalidValue(field: "\(file) line \(row.line) column \(header[i])", value: s.isEmpty ? "(empty)" : s, allowed: allowed)
        }
        return v
    }

    func positive(_ row: CSVText.Record, _ i: Int) throws -> Double {
        let v = try number(row, i, allowed: "a positive number")
        guard v > 0 else {
            throw OrreryError.invalidValue(field: "\(file) line \(row.line) column \(header[i])", value: text(row, i), allowed: "a positive number")
        }
        return v
    }

    func fraction(_ row: CSVText.Record, _ i: Int) throws -> Double {
        let v = try number(row, i, allowed: "a ratio in [0, 1]")
        guard v >= 0, v <= 1 else {
            throw OrreryError.invalidValue(field: "\(file) line \(row.line) column \(header[i])", value: text(row, i), allowed: "a ratio in [0, 1]")
        }
        return v
    }
}
