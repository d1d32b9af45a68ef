import OrreryCore

/// Collective algorithms NCCL chooses among (`NCCL_ALGO`), plus the two-level scheme that
/// frameworks build from NCCL calls.
public enum CollectiveAlgorithm: String, Codable, Sendable, CaseIterable {
    case ring
    /// Double binary tree (all-reduce only).
    case tree
    /// NVLink SHARP: reduction in the NVSwitch (NVSwitch gen 3+, single node).
    case nvls
    /// NVLS inside each node, a tree across nodes.
    case nvlsTree = "nvls-tree"
    /// Reduce-scatter inside the node, all-reduce across nodes per rail, all-gather inside
    /// the node. Not chosen by NCCL's tuner; available on request.
    case hierarchical
    /// Pairwise exchange (all-to-all, send/recv).
    case direct
}

/// NCCL protocols (`NCCL_PROTO`).
public enum CollectiveProtocol: String, Codable, Sendable, CaseIterable {
    /// 8-byte stores with inline flags: lowest latency, half the bandwidth.
    case ll = "LL"
    /// 128-byte lines with 8 flag bytes (120/128 payload).
    case ll128 = "LL128"
    /// Bulk copies with fences: full bandwidth, highest latency.
    case simple = "Simple"
}

/// GPU generations as NCCL's tuner indexes them.
public enum NCCLGeneration: Int, Sendable {
    case volta = 0, ampere = 1, hopper = 2, blackwell = 3

    /// The generation of a catalog GPU, from its name (AMD and Ada/older parts map to the
    /// nearest NVIDIA row, which only affects the tuner's caps).
    public static func of(_ gpu: GPUSpec) -> NCCLGeneration {
        let n = gpu.name.lowercased()
        if n.hasPrefix("b1") || n.hasPrefix("b2") || n.hasPrefix("gb") { return .blackwell }
        if n.hasPrefix("h1") || n.hasPrefix("h2") || n.hasPrefix("mi3") { return .hopper }
        if n.hasPrefix("v100") { return .volta }
        return .ampere
    }
}

/// The constants of NCCL's tuning model, `src/graph/tuning.cc` of NCCL 2.2x
/// (github.com/NVIDIA/nccl; the same values ship in v2.21–v2.28). Latencies in µs,
/// bandwidths in GB/s.
public enum NCCLTuningConstants {
    /// `baseLat[algo][proto]`, µs: Tree {6.8, 14.0, 8.4}, Ring {6.6, 14.0, 8.4}, NVLS 0.
    public static func baseLatency(_ a: CollectiveAlgorithm, _ p: CollectiveProtocol) -> Double {
        switch a {
        case .tree: return [6.8, 14.0, 8.4][p.index]
        case .ring, .hierarchical, .direct: return [6.6, 14.0, 8.4][p.index]
        case .nvls, .nvlsTree: return 0
        }
    }

    /// `hwLat[hw][algo][proto]`, µs per step.
    /// NVLink: Tree {.6, 1.25, 4}, Ring {.6, 1.9, 3.4}, NVLS/NVLSTree Simple 25.
    /// PCI: Tree {1.0, 1.9, 4.0}, Ring {1.0, 2.5, 5.7}.
    /// NET: Tree {5.0, 8.5, 14}, Ring {2.7, 4.0, 14.0}, NVLS 18, NVLSTree 14.
    public static func hardwareLatency(_ hw: Hardware, _ a: CollectiveAlgorithm, _ p: CollectiveProtocol) -> Double {
        switch (hw, a) {
        case (.nvlink, .tree): return [0.6, 1.25, 4.0][p.index]
        case (.nvlink, .nvls), (.nvlink, .nvlsTree): return 25
        case (.nvlink, _): return [0.6, 1.9, 3.4][p.index]
        case (.pci, .tree): return [1.0, 1.9, 4.0][p.index]
        case (.pci, _): return [1.0, 2.5, 5.7][p.index]
        case (.net, .tree): return [5.0, 8.5, 14][p.index]
        case (.net, .nvls): return 18
        case (.net, .nvlsTree): return 14
        case (.net, _): return [2.7, 4.0, 14.0][p.index]
        }
    }

    /// `llMaxBws[gen][nodes 1/2/4+]`, GB/s (ring LL ceiling; multi-node rows are indexed by
    /// CPU vendor in NCCL, Intel row used here).
    public static func llMaxBandwidth(_ g: NCCLGeneration, nodesIndex i: Int) -> Double {
        if i > 0 { return [39.0, 39.0, 20.4][i] }
        return [39.0, 87.7, 141.0, 282.0][g.rawValue]
    }

    /// `perChMaxRingLL128Bws[gen]`, GB/s per channel.
    public static func ringLL128PerChannel(_ g: NCCLGeneration) -> Double { [20.0, 20.0, 36.7, 73.4][g.rawValue] }

    /// `perChMaxTreeBws[gen][nodes 1/2/4+]`, GB/s per channel.
    public static func treePerChannel(_ g: NCCLGeneration, nodesIndex i: Int) -> Double {
        [[26.5, 18.5, 10.0], [24.0, 23.6, 17.8], [38.7, 41.4, 36.0], [77.4, 82.8, 72.0]][g.rawValue][i]
    }

    /// `hwLat` rows.
    public enum Hardware: Sendable { case nvlink, pci, net }
}

extension CollectiveProtocol {
    var index: Int {
        switch self {
        case .ll: return 0
        case .ll128: return 1
        case .simple: return 2
        }
    }
}
