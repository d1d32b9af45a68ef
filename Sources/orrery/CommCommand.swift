import ArgumentParser
import Foundation
import OrreryCore
import OrreryCost

/// `orrery comm` — one collective swept over message sizes on a cluster, like nccl-tests:
/// time, algorithm bandwidth and bus bandwidth per size, with the algorithm and protocol
/// NCCL's tuner would pick. `--format csv|json` prints the DESIGN.md columns only.
struct CommCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "comm",
        abstract: "Collective time, algbw and busbw per message size (nccl-tests style).",
        discussion: """
        Examples:
          orrery comm --cluster dgx-h100 --nodes 4 --op all-reduce --sizes 1M..8G
          orrery comm --gpu a100-sxm-80gb --gpus-per-node 8 --inter ib-hdr --nics 8 --nic-gbps 200 --nodes 2 --op all-gather --sizes 64M,1G --format csv
        """)

    @Option(help: "all-reduce, all-gather, reduce-scatter, all-to-all, broadcast or send-recv.")
    var op: String = "all-reduce"

    @Option(help: "Cluster preset (see `orrery catalog clusters`).")
    var cluster: String?

    @Option(help: "GPU for a custom cluster (instead of --cluster).")
    var gpu: String?

    @Option(help: "GPUs per node of a custom cluster.")
    var gpusPerNode: Int?

    @Option(help: "Scale-up link of a custom cluster (default: the GPU's own).")
    var intra: String?

    @Option(help: "Scale-out NIC link of a custom cluster (ib-hdr, ib-ndr, roce-400g, efa, ...).")
    var inter: String = "ib-ndr"

    @Option(help: "NICs per node of a custom cluster (default: one per GPU).")
    var nics: Int?

    @Option(help: "Line rate of each NIC in Gb/s (default: the link's).")
    var nicGbps: Double?

    @Option(help: "Fat-tree oversubscription above a 32-node leaf (1 = full bisection).")
    var oversubscription: Double = 1

    @Option(help: "Nodes in the cluster.")
    var nodes: Int = 1

    @Option(help: "Ranks in the communicator (default: every GPU of the nodes); spread evenly, filling nodes.")
    var group: Int?

    @Option(help: "Message sizes in nccl-tests' convention: 1K..8G (doubling) or a list 1M,64M,1G.")
    var sizes: String = "1K..8G"

    @Option(help: "Force an algorithm: ring, tree, nvls, nvls-tree, hierarchical, direct (default: NCCL's tuner choice).")
    var algorithm: String?

    @Option(help: "table (default), json or csv; json and csv print data only.")
    var format: OutputFormat = .table

    func run() throws {
        guard let collective = CollectiveOp(rawValue: op.lowercased().replacingOccurrences(of: "_", with: "-")) else {
            throw OrreryError.invalidValue(field: "--op", value: op, allowed: CollectiveOp.allCases.map(\.rawValue).joined(separator: ", "))
        }
        let spec = try resolveCluster()
        let ranks = group ?? spec.totalGPUs
        guard ranks >= 1 else { throw OrreryError.invalidValue(field: "--group", value: "\(ranks)", allowed: "1 or more ranks") }
        guard ranks <= spec.totalGPUs else {
            throw OrreryError.invalidValue(field: "--group", value: "\(ranks)",
                                           allowed: "at most the cluster's \(spec.totalGPUs) GPUs (\(spec.nodes) nodes x \(spec.gpusPerNode)); add --nodes")
        }
        guard ranks <= spec.gpusPerNode || ranks % spec.gpusPerNode == 0 else {
            throw OrreryError.invalidValue(field: "--group", value: "\(ranks)",
                                           allowed: "at most \(spec.gpusPerNode) (one node) or a multiple of \(spec.gpusPerNode) GPUs per node")
        }
        if collective == .sendRecv, ranks != 2, group != nil {
            throw OrreryError.invalidValue(field: "--group", value: "\(ranks)", allowed: "2 for send-recv (one pair)")
        }
        var forced: CollectiveAlgorithm?
        if let algorithm {
            guard let a = CollectiveAlgorithm(rawValue: algorithm.lowercased()) else {
                throw OrreryError.invalidValue(field: "--algorithm", value: algorithm, allowed: CollectiveAlgorithm.allCases.map(\.rawValue).joined(separator: ", "))
            }
            forced = a
        }
        let sizeList = try MessageSizes.parse(sizes)
        let commRanks = collective == .sendRecv && group == nil ? 2 : ranks
        let commNodes = commRanks <= spec.gpusPerNode ? (collective == .sendRecv && spec.nodes > 1 && group == nil ? 2 : 1) : commRanks / spec.gpusPerNode
        let g = CommGroup(ranks: commRanks, nodes: commNodes)
        let model = NCCLCollectiveModel()
        if let forced {
            let available = model.algorithms(collective, group: g, cluster: spec)
            guard available.contains(forced) else {
                throw OrreryError.invalidValue(field: "--algorithm", value: forced.rawValue,
                                               allowed: "for \(collective.rawValue) on \(g.ranks) ranks over \(g.nodes) node(s) of \(spec.name): "
                                                   + available.map(\.rawValue).joined(separator: ", "))
            }
        }
        let rows = sizeList.map { s in (s, model.timing(collective, bytes: Bytes(s), group: g, cluster: spec, algorithm: forced)) }

        let header = ["op", "nodes", "gpus_per_node", "ranks", "size_bytes", "time_us", "algbw_gbs", "busbw_gbs", "algorithm", "protocol"]
        func cells(_ r: (Double, CollectiveTiming)) -> [String] {
            [collective.rawValue, "\(g.nodes)", "\(g.ranksPerNode)", "\(g.ranks)", "\(Int(r.0))",
             formatSignificant(r.1.time.value * 1e6), formatSignificant(r.1.algorithmBandwidth.value / 1e9),
             formatSignificant(r.1.busBandwidth.value / 1e9), r.1.algorithm.rawValue, r.1.protocol.rawValue]
        }
        switch format {
        case .csv:
            print(try CSVRendering.csv(header: header, rows: rows.map(cells)), terminator: "")
        case .json:
            print(JSONRendering.records(header: header, rows: rows.map(cells)), terminator: "")
        case .table:
            print("\(collective.rawValue) on \(spec.name): \(g.ranks) ranks on \(g.nodes) node(s), \(g.ranksPerNode) per node")
            print("model: NCCL tuner choice, link efficiencies from published nccl-tests (see `orrery validate --suite nccl`)\n")
            print(TableRendering.table(header: ["size", "time_us", "algbw_GB/s", "busbw_GB/s", "algorithm", "protocol"],
                                       rows: rows.map { r in let c = cells(r); return [MessageSizes.format(r.0)] + c[5...] }),
                  terminator: "")
        }
    }

    func resolveCluster() throws -> ClusterSpec {
        guard nodes >= 1, nodes <= 1_000_000 else {
            throw OrreryError.invalidValue(field: "--nodes", value: "\(nodes)", allowed: "1 to 1000000")
        }
        guard oversubscription >= 1, oversubscription.isFinite else {
            throw OrreryError.invalidValue(field: "--oversubscription", value: "\(oversubscription)", allowed: "1 (full bisection) or more")
        }
        var spec: ClusterSpec
        if let cluster {
            guard gpu == nil else { throw OrreryError.rule(field: "--gpu", rule: "give either --cluster or --gpu, not both") }
            spec = try ClusterCatalog.cluster(named: cluster, nodes: nodes)
            if nodes > 1, spec.interNode == nil {
                throw OrreryError.rule(field: "--nodes", rule: "cluster \(cluster) has no scale-out NICs; it cannot span \(nodes) nodes")
            }
        } else if let gpu {
            let g = try HardwareCatalog.gpu(named: gpu)
            let perNode = gpusPerNode ?? 8
            guard perNode >= 1, perNode <= 1024 else {
                throw OrreryError.invalidValue(field: "--gpus-per-node", value: "\(perNode)", allowed: "1 to 1024")
            }
            let nicLink = try HardwareCatalog.link(named: inter)
            guard [.infiniband, .roce, .ethernet].contains(nicLink.kind) else {
                throw OrreryError.invalidValue(field: "--inter", value: inter, allowed: "a NIC link: ib-hdr, ib-ndr, ib-xdr, roce-100g, roce-200g, roce-400g, efa")
            }
            let rate = nicGbps ?? nicLink.bandwidthPerDirection.value * 8 / 1e9
            guard rate > 0, rate.isFinite else { throw OrreryError.invalidValue(field: "--nic-gbps", value: "\(rate)", allowed: "a positive line rate in Gb/s") }
            spec = try ClusterCatalog.custom(gpu: g, nodes: nodes, gpusPerNode: perNode, nicsPerNode: nics ?? perNode,
                                             nicGbps: rate, nicLink: nicLink.name)
            if let intra {
                let link = try HardwareCatalog.link(named: intra)
                guard [.nvlink, .pcie, .infinityFabric].contains(link.kind) else {
                    throw OrreryError.invalidValue(field: "--intra", value: intra, allowed: "a scale-up link: nvlink2..nvlink5, pcie3..pcie5, infinity-fabric")
                }
                spec.intraNode = link
                spec.intraNodeBandwidthPerGPU = link.bandwidthPerDirection
                spec.hasSwitch = link.kind == .nvlink
                spec.hasInNetworkReduction = link.name == "nvlink4" || link.name == "nvlink5"
            }
        } else {
            throw OrreryError.rule(field: "--cluster", rule: "give a cluster preset (--cluster dgx-h100) or a custom node (--gpu NAME [--gpus-per-node G --inter LINK --nics K --nic-gbps S])")
        }
        spec.oversubscription = oversubscription
        return spec
    }
}
