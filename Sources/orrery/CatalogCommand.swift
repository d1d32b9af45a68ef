import ArgumentParser
import Foundation
import OrreryCore

/// `orrery catalog [gpus|links|clusters|models] [--format table|json|csv]` — every built-in
/// entry with its key numbers and its source. `--format json|csv` prints data only: JSON is an
/// array of objects (an object of arrays keyed by kind when no kind is given), CSV one header
/// row and one row per entry. Units are in the column names (GB/s = 1e9 B/s, GiB = 2^30 B).
struct CatalogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "catalog",
        abstract: "List the built-in GPUs, links, cluster presets and models, with their sources.")

    @Argument(help: "What to list. Omit to list all four (table or json only).")
    var kind: Kind?

    @Option(help: "table (default), json or csv; json and csv print data only.")
    var format: OutputFormat = .table

    func validate() throws {
        if kind == nil, format == .csv {
            throw ValidationError("--format csv lists one kind at a time: add one of \(Kind.allValueStrings.joined(separator: ", "))")
        }
    }

    func run() throws {
        let tables = (kind.map { [$0] } ?? Kind.allCases).map(Listing.init(kind:))
        switch format {
        case .table: print(tables.map(\.text).joined(separator: "\n"), terminator: "")
        case .csv: print(tables[0].csv, terminator: "")
        case .json:
            if kind != nil {
                print(tables[0].jsonArray)
            } else {
                print("{\n" + tables.map { "\"\($0.kind.rawValue)\": \($0.jsonArray)" }.joined(separator: ",\n") + "\n}")
            }
        }
    }
}

extension CatalogCommand {
    /// The catalogs `orrery catalog` lists.
    enum Kind: String, ExpressibleByArgument, CaseIterable {
        case gpus, links, clusters, models
    }

    /// One cell of a catalog listing.
    enum Cell {
        case text(String), int(Int), number(Double), flag(Bool), list([String]), missing

        /// A rate or size rounded to 6 decimals, so 362.05e12 / 1e12 prints as 362.05.
        static func decimal(_ x: Double) -> Cell { .number((x * 1e6).rounded() / 1e6) }

        /// Whether the cell right-aligns: a number, or a gap in a numeric column.
        var isNumericOrMissing: Bool {
            switch self {
            case .int, .number, .missing: return true
            default: return false
            }
        }

        static func format(_ x: Double) -> String {
            x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : String(x)
        }

        var tableText: String {
            switch self {
            case let .text(s): return s
            case let .int(n): return String(n)
            case let .number(x): return Self.format(x)
            case let .flag(b): return b ? "yes" : "no"
            case let .list(items): return items.isEmpty ? "-" : items.joined(separator: ", ")
            case .missing: return "-"
            }
        }

        var csvText: String {
            switch self {
            case let .text(s): return TextEscaping.csvField(s)
            case let .int(n): return String(n)
            case let .number(x): return Self.format(x)
            case let .flag(b): return b ? "1" : "0"
            case let .list(items): return TextEscaping.csvField(items.joined(separator: ";"))
            case .missing: return ""
            }
        }

        var jsonText: String {
            switch self {
            case let .text(s): return TextEscaping.jsonString(s)
            case let .int(n): return String(n)
            case let .number(x): return Self.format(x)
            case let .flag(b): return b ? "true" : "false"
            case let .list(items): return "[" + items.map(TextEscaping.jsonString).joined(separator: ", ") + "]"
            case .missing: return "null"
            }
        }
    }

    /// One catalog as named columns and rows, rendered as a table, CSV or JSON.
    struct Listing {
        var kind: Kind
        var title: String
        var columns: [String]
        var rows: [[Cell]]

        init(kind: Kind) {
            self.kind = kind
            switch kind {
            case .gpus:
                title = "GPUs: dense peaks in TFLOP/s (- = no such format), HBM in GiB, bandwidths in GB/s per direction"
                let dtypes: [ComputeDType] = [.fp32, .tf32, .bf16, .fp16, .fp8]
                columns = ["name", "vendor", "hbm_gib", "hbm_gbs"] + dtypes.map { "\($0.rawValue)_tflops" }
                    + ["scale_up_link", "scale_up_gbs", "scale_up_switched", "host_link", "tdp_w", "sm_count",
                       "kernel_table", "aliases", "source"]
                rows = HardwareCatalog.gpus.map { g in
                    [.text(g.name), .text(g.vendor), .decimal(g.hbmBytes.gib), .decimal(g.hbmBandwidth.gbps)]
                        + dtypes.map { d in g.densePeak[d].map { .decimal($0.tera) } ?? .missing }
                        + [g.scaleUpLink.map(Cell.text) ?? .missing, .decimal(g.scaleUpBandwidthPerDirection.gbps),
                           .flag(g.scaleUpLink != nil && g.scaleUpSwitched), .text(g.hostLink), .decimal(g.tdpWatts),
                           .int(g.smCount), g.kernelTable.map(Cell.text) ?? .missing, .list(g.aliases), .text(g.source)]
                }
            case .links:
                title = "Links: bandwidth per direction in GB/s (NVLink/Infinity Fabric: per GPU), one-way base latency in µs"
                columns = ["name", "kind", "bandwidth_gbs", "latency_us", "aliases", "source"]
                rows = HardwareCatalog.links.map { l in
                    [.text(l.name), .text(l.kind.rawValue), .decimal(l.bandwidthPerDirection.gbps),
                     .decimal(l.latency.microseconds), .list(l.aliases), .text(l.source)]
                }
            case .clusters:
                title = "Cluster presets (one node each; scale with --nodes where a command takes it): bandwidths in GB/s per direction"
                columns = ["name", "gpu", "nodes", "gpus_per_node", "intra_link", "intra_gbs_per_gpu", "switch",
                           "in_network_reduction", "inter_link", "nics_per_node", "nic_gbs", "oversubscription", "source"]
                rows = ClusterCatalog.presets.map { c in
                    [.text(c.name), .text(c.gpu.name), .int(c.nodes), .int(c.gpusPerNode), .text(c.intraNode.name),
                     .decimal(c.intraNodeBandwidthPerGPU.gbps), .flag(c.hasSwitch), .flag(c.hasInNetworkReduction),
                     c.interNode.map { .text($0.name) } ?? .missing, .int(c.nicsPerNode),
                     c.interNode.map { .decimal($0.bandwidthPerDirection.gbps) } ?? .missing,
                     .decimal(c.oversubscription), .text(c.source)]
                }
            case .models:
                title = "Models: exact parameter counts (active = per token: router + top-k experts)"
                columns = ["name", "family", "layers", "hidden", "ffn_hidden", "heads", "kv_heads", "head_dim", "vocab",
                           "tied_embeddings", "experts", "top_k", "params", "active_params", "source"]
                rows = ModelCatalog.models.map { m in
                    [.text(m.name), .text(m.family.rawValue), .int(m.layers), .int(m.hidden), .int(m.ffnHidden),
                     .int(m.heads), .int(m.kvHeads), .int(m.headDim), .int(m.vocab), .flag(m.tiedEmbeddings),
                     m.moe.map { .int($0.experts) } ?? .missing, m.moe.map { .int($0.topK) } ?? .missing,
                     .int(m.parameterCount), .int(m.activeParameterCount),
                     ModelCatalog.source(ofModel: m.name).map(Cell.text) ?? .missing]
                }
            }
        }

        /// Columns the text table leaves out to stay readable (JSON and CSV keep them).
        static let tableOmits: Set<String> = ["aliases"]

        /// An aligned text table: numbers right-aligned, the last column unpadded.
        var text: String {
            let keep = columns.indices.filter { !Self.tableOmits.contains(columns[$0]) }
            let shownColumns = keep.map { columns[$0] }
            let shownRows = rows.map { row in keep.map { row[$0] } }
            let cells = [shownColumns] + shownRows.map { $0.map(\.tableText) }
            let widths = shownColumns.indices.map { c in cells.map { $0[c].count }.max() ?? 0 }
            func line(_ row: [String], numeric: [Bool]) -> String {
                row.indices.map { c in
                    let pad = String(repeating: " ", count: widths[c] - row[c].count)
                    if c == row.count - 1 { return numeric[c] ? pad + row[c] : row[c] }
                    return numeric[c] ? pad + row[c] : row[c] + pad
                }.joined(separator: "  ")
            }
            let numericColumns = shownColumns.indices.map { c in !shownRows.isEmpty && shownRows.allSatisfy { $0[c].isNumericOrMissing } }
            var out = title + (columns.count > shownColumns.count ? " (aliases: --format json or csv)" : "") + "\n\n"
            out += line(shownColumns, numeric: numericColumns) + "\n"
            out += widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ") + "\n"
            for row in cells.dropFirst() { out += line(row, numeric: numericColumns) + "\n" }
            return out
        }

        var csv: String {
            ([columns.joined(separator: ",")] + rows.map { $0.map(\.csvText).joined(separator: ",") })
                .joined(separator: "\n") + "\n"
        }

        var jsonArray: String {
            let objects = rows.map { row in
                "  {" + zip(columns, row).map { "\(TextEscaping.jsonString($0)): \($1.jsonText)" }.joined(separator: ", ") + "}"
            }
            return objects.isEmpty ? "[]" : "[\n" + objects.joined(separator: ",\n") + "\n]"
        }
    }
}
