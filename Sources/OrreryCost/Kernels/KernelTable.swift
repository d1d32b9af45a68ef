import Foundation
import OrreryCore

/// One measured bf16 GEMM `A[m,k] @ B[k,n]` (calibration `gemm.csv`).
public struct GEMMSample: Hashable, Sendable {
    public var m: Int, n: Int, k: Int
    /// Median CUDA-event time of one call, launch floor included.
    public var time: Seconds
}

/// One measured `scaled_dot_product_attention` call (calibration `attention.csv`).
public struct AttentionSample: Hashable, Sendable {
    public var batch: Int, heads: Int, kvHeads: Int, seq: Int, headDim: Int
    public var causal: Bool
    public var forward: Seconds
    /// Forward plus `backward()`, including the gradient accumulation into the q, k, v leaves.
    public var forwardBackward: Seconds
}

/// One measured elementwise / normalisation / loss op (calibration `elementwise.csv`).
public struct ElementwiseSample: Hashable, Sendable {
    /// `layernorm`, `rmsnorm`, `gelu_tanh`, `silu_mul`, `add`, `cross_entropy_fp32`.
    public var op: String
    public var rows: Int, cols: Int
    public var forward: Seconds
    /// Forward plus `backward()`, including gradient accumulation into the input leaves.
    public var forwardBackward: Seconds
    public var forwardBytes: Bytes
}

/// A GPU's kernel calibration tables: the three CSV files `profiler/kernels.py` writes.
public struct KernelTable: Sendable {
    /// Table-set name (`h100-sxm-80gb`) or the folder it was read from.
    public var name: String
    public var gemm: [GEMMSample]
    public var attention: [AttentionSample]
    public var elementwise: [ElementwiseSample]
    /// Catalog name of the GPU the tables were measured on (nil: the GPU they are used for).
    public var measuredOn: String?

    public init(name: String, gemm: [GEMMSample], attention: [AttentionSample], elementwise: [ElementwiseSample],
                measuredOn: String? = nil) {
        self.name = name
        self.gemm = gemm
        self.attention = attention
        self.elementwise = elementwise
        self.measuredOn = measuredOn
    }

    /// The tables shipped with Orrery, by set name.
    public static func builtIn(named name: String) -> KernelTable? {
        name == "h100-sxm-80gb" ? h100SXM : nil
    }

    /// H100 SXM 80GB tables (see `H100SXMKernelTableData` for their source).
    public static let h100SXM: KernelTable = {
        // The embedded text is fixed and covered by tests; a parse failure is a build defect.
        do {
            var table = try parse(name: "h100-sxm-80gb", gemmCSV: H100SXMKernelTableData.gemmCSV,
                                  attentionCSV: H100SXMKernelTableData.attentionCSV,
                                  elementwiseCSV: H100SXMKernelTableData.elementwiseCSV)
            table.measuredOn = "h100-sxm"
            return table
        } catch {
            preconditionFailure("embedded H100 kernel table does not parse: \(error)")
        }
    }()

    /// Reads `gemm.csv`, `attention.csv` and `elementwise.csv` from a folder.
    public static func load(directory: String) throws -> KernelTable {
        func read(_ file: String) throws -> String {
            let path = (directory as NSString).appendingPathComponent(file)
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                throw OrreryError.io(path: path, message: "cannot read kernel table (expected gemm.csv, attention.csv, elementwise.csv)")
            }
            return text
        }
        return try parse(name: directory, gemmCSV: read("gemm.csv"), attentionCSV: read("attention.csv"),
                         elementwiseCSV: read("elementwise.csv"), directory: directory)
    }

    static func parse(name: String, gemmCSV: String, attentionCSV: String, elementwiseCSV: String,
                      directory: String = "built-in") throws -> KernelTable {
        let gemm = try rows(gemmCSV, file: "\(directory)/gemm.csv", columns: ["m", "n", "k", "ms_median"]) { r in
            GEMMSample(m: try r.int("m"), n: try r.int("n"), k: try r.int("k"), time: .milliseconds(try r.double("ms_median")))
        }
        let attention = try rows(attentionCSV, file: "\(directory)/attention.csv",
                                 columns: ["batch", "heads", "kv_heads", "seq", "head_dim", "causal", "fwd_ms", "fwdbwd_ms"]) { r in
            AttentionSample(batch: try r.int("batch"), heads: try r.int("heads"), kvHeads: try r.int("kv_heads"),
                            seq: try r.int("seq"), headDim: try r.int("head_dim"), causal: try r.int("causal") != 0,
                            forward: .milliseconds(try r.double("fwd_ms")), forwardBackward: .milliseconds(try r.double("fwdbwd_ms")))
        }
        let elementwise = try rows(elementwiseCSV, file: "\(directory)/elementwise.csv",
                                   columns: ["op", "rows", "cols", "fwd_ms", "fwdbwd_ms", "fwd_bytes"]) { r in
            ElementwiseSample(op: try r.string("op"), rows: try r.int("rows"), cols: try r.int("cols"),
                              forward: .milliseconds(try r.double("fwd_ms")), forwardBackward: .milliseconds(try r.double("fwdbwd_ms")),
                              forwardBytes: Bytes(try r.double("fwd_bytes")))
        }
        return KernelTable(name: name, gemm: gemm, attention: attention, elementwise: elementwise)
    }

    /// One CSV row with typed, field-naming accessors.
    struct Row {
        var file: String
        var line: Int
        var fields: [String: String]
        func string(_ key: String) throws -> String { fields[key] ?? "" }
        func double(_ key: String) throws -> Double {
            guard let text = fields[key], let v = Double(text.trimmingCharacters(in: .whitespaces)), v.isFinite, v >= 0 else {
                throw OrreryError.parse(file: file, line: line, column: nil,
                                        message: "column \(key) = '\(fields[key] ?? "")' is not a non-negative number")
            }
            return v
        }
        func int(_ key: String) throws -> Int {
            let v = try double(key)
            guard v == v.rounded(), v < 1e15 else {
                throw OrreryError.parse(file: file, line: line, column: nil, message: "column \(key) = '\(fields[key] ?? "")' is not an integer")
            }
            return Int(v)
        }
    }

    /// The rows of one table. Fields are read with surrounding white space trimmed; errors
    /// name the file and line (and the column, for text that is not valid CSV).
    static func rows<T>(_ text: String, file: String, columns: [String], _ make: (Row) throws -> T) throws -> [T] {
        let csv = try CSVText(text: text, file: file, trimmingSpaces: true)
        guard let headerRecord = csv.records.first else {
            throw OrreryError.parse(file: file, line: 1, column: nil,
                                    message: "empty file; expected a header row with columns \(columns.joined(separator: ", "))")
        }
        for c in columns where !headerRecord.fields.contains(c) {
            throw OrreryError.parse(file: file, line: headerRecord.line, column: nil,
                                    message: "missing column '\(c)'; expected columns \(columns.joined(separator: ", "))")
        }
        return try csv.keyedRecords.map { try make(Row(file: file, line: $0.line, fields: $0.fields)) }
    }
}
