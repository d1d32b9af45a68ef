import Foundation

/// The input of `orrery estimate --scenarios IN.csv --format csv` (DESIGN.md, batch-estimate
/// contract): one scenario per row; a bad row carries its error, the other rows still parse.
///
/// Columns (header row, any order, case-insensitive; an empty cell or a missing column takes
/// the default of `ScenarioFile.resolve`): `name, model` (catalog name or config.json path)
/// or an inline architecture `arch, layers, hidden, ffn_hidden, heads, kv_heads, vocab,
/// tied_embeddings (0|1), max_positions, experts, top_k`; `seq_len, gpu, num_gpus,
/// gpus_per_node, tp, pp, dp, cp, ep, vpp, zero, recompute, global_batch, micro_batch,
/// precision, optimizer, scope, prompt_len, context_len, q`. (`max_positions`, `experts`
/// and `top_k` go beyond the contract's list, for inline MoE and GPT models.) Columns named
/// `measured_*` or `notes` are echoed and otherwise ignored, so a profiler CSV is its own input.
///
/// Rows are numbered from 1 for the first row after the header; errors in a row name it
/// and the column ("row 3, column tp: tp = 3 does not divide heads = 32").
public struct BatchScenarioTable: Sendable {
    /// The input columns as written, in input order (to echo back).
    public var header: [String]
    public var rows: [BatchScenarioRow]

    /// Every column the reader accepts, in the contract's order.
    public static let columns = [
        "name", "model", "arch", "layers", "hidden", "ffn_hidden", "heads", "kv_heads", "vocab", "tied_embeddings",
        "max_positions", "experts", "top_k",
        "seq_len", "gpu", "num_gpus", "gpus_per_node", "tp", "pp", "dp", "cp", "ep", "vpp", "zero", "recompute",
        "global_batch", "micro_batch", "precision", "optimizer", "scope", "prompt_len", "context_len", "q",
    ]

    /// Columns echoed to the output but not read: `measured_*` (what `profiler/` writes
    /// beside the inputs) and `notes`.
    public static func isPassThrough(_ name: String) -> Bool { name.hasPrefix("measured_") || name == "notes" }

    static let inlineColumns: Set<String> = [
        "arch", "layers", "hidden", "ffn_hidden", "heads", "kv_heads", "vocab", "tied_embeddings", "max_positions", "experts", "top_k",
    ]

    public init(header: [String], rows: [BatchScenarioRow]) {
        self.header = header
        self.rows = rows
    }

    /// Reads a batch CSV; relative config.json paths in the `model` column start at its folder.
    /// - Throws: `OrreryError.io` when the file cannot be read; `.parse` (with line and
    ///   column) when it is not valid CSV, has no header, or has an unknown, empty or
    ///   repeated column name. Row errors are not thrown: they are in `rows[i].scenario`.
    public static func read(path: String) throws -> BatchScenarioTable {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw OrreryError.io(path: path, message: "no such file")
        }
        guard !isDirectory.boolValue, let data = FileManager.default.contents(atPath: path) else {
            throw OrreryError.io(path: path, message: isDirectory.boolValue ? "is a directory, not a CSV file" : "cannot read the file")
        }
        let base = (path as NSString).deletingLastPathComponent
        return try parse(data: data, file: path, baseDirectory: base.isEmpty ? nil : base)
    }

    /// Parses CSV bytes; `file` names them in errors.
    public static func parse(data: Data, file: String, baseDirectory: String? = nil) throws -> BatchScenarioTable {
        let csv = try CSVText(data: data, file: file)
        guard let headerRecord = csv.records.first else {
            throw OrreryError.parse(file: file, line: 1, column: 1,
                                    message: "empty file; expected a header row with columns from: \(columns.joined(separator: ", "))")
        }
        let header = headerRecord.fields
        let layout = try ColumnLayout(header: header, file: file, line: headerRecord.line)
        let cache = ScenarioResolutionCache()
        var rows: [BatchScenarioRow] = []
        rows.reserveCapacity(csv.records.count - 1)
        var number = 0
        for record in csv.records.dropFirst() {
            if record.fields.allSatisfy({ $0.allSatisfy(\.isWhitespace) }) { continue }
            number += 1
            var values = record.fields
            var result: Result<Scenario, OrreryError>
            if values.count != header.count {
                result = .failure(.rule(field: "row \(number)",
                                        rule: "\(values.count) fields but the header has \(header.count) columns (line \(record.line))"))
                values = Array(values.prefix(header.count)) + Array(repeating: "", count: max(0, header.count - values.count))
            } else {
                result = layout.scenario(values, row: number, baseDirectory: baseDirectory, cache: cache)
            }
            rows.append(BatchScenarioRow(number: number, line: record.line, values: values, scenario: result))
        }
        return BatchScenarioTable(header: header, rows: rows)
    }
}

/// One input row: its values as read (to echo) and the scenario, or why it has none.
public struct BatchScenarioRow: Sendable {
    /// 1 for the first row after the header.
    public var number: Int
    /// Line in the file where the row starts.
    public var line: Int
    /// The cells as read, one per header column.
    public var values: [String]
    public var scenario: Result<Scenario, OrreryError>

    public init(number: Int, line: Int, values: [String], scenario: Result<Scenario, OrreryError>) {
        self.number = number
        self.line = line
        self.values = values
        self.scenario = scenario
    }
}

/// Which input column holds which field, decided once per file.
private struct ColumnLayout {
    /// Column index of each known name.
    var index: [String: Int] = [:]
    var hasInlineColumns = false

    init(header: [String], file: String, line: Int) throws {
        for (i, raw) in header.enumerated() {
            let name = raw.trimmingSpaces.lowercased()
            guard !name.isEmpty else {
                throw OrreryError.parse(file: file, line: line, column: nil, message: "column \(i + 1) of the header has no name")
            }
            // Measured values and notes (profiler output, hand-kept sweeps) ride along: echoed, not read.
            if BatchScenarioTable.isPassThrough(name) { continue }
            guard BatchScenarioTable.columns.contains(name) else {
                let hint = KeySuggester.best(for: name, in: BatchScenarioTable.columns).map { "; did you mean '\($0)'?" } ?? ""
                throw OrreryError.parse(file: file, line: line, column: nil,
                                        message: "unknown column '\(raw)'\(hint) (allowed columns: \(BatchScenarioTable.columns.joined(separator: ", ")))")
            }
            guard index[name] == nil else {
                throw OrreryError.parse(file: file, line: line, column: nil, message: "column '\(name)' appears twice in the header")
            }
            index[name] = i
            if BatchScenarioTable.inlineColumns.contains(name) { hasInlineColumns = true }
        }
    }

    /// The scenario of one row, or its error naming the row and column.
    func scenario(_ values: [String], row: Int, baseDirectory: String?, cache: ScenarioResolutionCache) -> Result<Scenario, OrreryError> {
        var column = "model"
        do {
            func text(_ name: String) -> String? {
                guard let i = index[name] else { return nil }
                let v = values[i].trimmingSpaces
                return v.isEmpty ? nil : v
            }
            func int(_ name: String) throws -> Int? {
                guard let v = text(name) else { return nil }
                if let n = Int(v) { return n }
                // Tools such as pandas write integer columns with gaps as 8.0.
                if let d = Double(v), d.rounded() == d, abs(d) < 1e15 { return Int(d) }
                column = name
                throw OrreryError.invalidValue(field: name, value: v, allowed: "an integer")
            }
            func bool(_ name: String) throws -> Bool? {
                guard let v = text(name) else { return nil }
                switch v.lowercased() {
                case "1", "true", "yes": return true
                case "0", "false", "no": return false
                default:
                    column = name
                    throw OrreryError.invalidValue(field: name, value: v, allowed: "0 or 1")
                }
            }

            var file = ScenarioFile()
            file.name = text("name")
            let modelName = text("model")
            let inline = hasInlineColumns
                ? InlineModel(arch: text("arch"), layers: try int("layers"), hidden: try int("hidden"), ffnHidden: try int("ffn_hidden"),
                              heads: try int("heads"), kvHeads: try int("kv_heads"), vocab: try int("vocab"),
                              tiedEmbeddings: try bool("tied_embeddings"), maxPositions: try int("max_positions"),
                              experts: try int("experts"), topK: try int("top_k"))
                : InlineModel()
            let usesInline = inline != InlineModel()
            if let modelName {
                if usesInline {
                    throw OrreryError.rule(field: "model", rule: "give either model or the inline architecture columns (arch, layers, hidden, …), not both")
                }
                file.model = .named(modelName)
            } else if usesInline {
                file.model = .inline(inline)
            }
            file.seqLen = try int("seq_len")
            file.gpu = text("gpu")
            file.numGPUs = try int("num_gpus")
            file.gpusPerNode = try int("gpus_per_node")
            file.parallel = ParallelSection(tp: try int("tp"), pp: try int("pp"), dp: try int("dp"), cp: try int("cp"),
                                            ep: try int("ep"), vpp: try int("vpp"), zero: try int("zero"),
                                            recompute: text("recompute"))
            file.batch = BatchSection(global: try int("global_batch"), micro: try int("micro_batch"))
            file.precision = text("precision")
            file.optimizer = text("optimizer")
            file.workload = WorkloadSection(scope: text("scope"), promptLen: text("prompt_len"),
                                            contextLen: try int("context_len"), q: try int("q"))
            column = ""
            return .success(try file.resolve(baseDirectory: baseDirectory, cache: cache))
        } catch let error as OrreryError {
            return .failure(Self.rowError(error, row: row, column: column.isEmpty ? self.column(for: error) : column))
        } catch {
            return .failure(.rule(field: "row \(row)", rule: "\(error)"))
        }
    }

    /// Input column of the field an error names (`parallel.tp` → `tp`).
    private func column(for error: OrreryError) -> String {
        let field: String
        switch error {
        case let .invalidValue(f, _, _), let .rule(f, _), let .unsupported(f, _, _): field = f
        case let .unknownName(kind, _, _): return kind == "gpu" ? "gpu" : "model"
        default: return "model"
        }
        if let column = Self.columnForKeyPath[field] { return column }
        if field.hasPrefix("model.") { return hasInlineColumns && index["model"] == nil ? String(field.dropFirst(6)) : "model" }
        if field.hasPrefix("cluster.") { return String(field.dropFirst(8)) }
        return "model"  // errors from a config.json named in the model column ("<file>: hidden_size", "architectures")
    }

    private static let columnForKeyPath: [String: String] = [
        "name": "name", "model": "model", "seq_len": "seq_len", "gpu": "gpu", "num_gpus": "num_gpus",
        "gpus_per_node": "gpus_per_node", "cluster.gpus_per_node": "gpus_per_node",
        "parallel.tp": "tp", "parallel.pp": "pp", "parallel.dp": "dp", "parallel.cp": "cp", "parallel.ep": "ep",
        "parallel.vpp": "vpp", "parallel.zero": "zero", "parallel.recompute": "recompute", "parallel.sequence_parallel": "tp",
        "batch.global": "global_batch", "batch.micro": "micro_batch", "precision": "precision", "optimizer": "optimizer",
        "workload.scope": "scope", "workload.prompt_len": "prompt_len", "workload.context_len": "context_len", "workload.q": "q",
        "prompt_len": "prompt_len",
    ]

    /// `error` re-addressed to `row N, column C`; the message keeps what was wrong (and the
    /// key path, when the column alone does not say it: `model` → `model.kv_heads`).
    static func rowError(_ error: OrreryError, row: Int, column: String) -> OrreryError {
        let location = "row \(row), column \(column)"
        switch error {
        case let .invalidValue(field, value, allowed):
            if column == "model", field != "model" {
                return .rule(field: location, rule: "\(field) = \(value) is not allowed: \(allowed)")
            }
            return .invalidValue(field: location, value: value, allowed: allowed)
        case let .rule(_, rule): return .rule(field: location, rule: rule)
        case let .unsupported(field, value, supported):
            return .unsupported(field: column == "model" ? "\(location) (\(field))" : location, value: value, supported: supported)
        default: return .rule(field: location, rule: error.description)
        }
    }
}
