import OrreryCore

/// Collective operations. Sizes follow nccl-tests' `size` column: all-reduce and
/// broadcast: the buffer; all-gather: the gathered output; reduce-scatter: the per-rank
/// input; all-to-all: the per-rank send buffer; send-recv: the message.
public enum CollectiveOp: String, Codable, Sendable, CaseIterable {
    case allReduce = "all-reduce"
    case allGather = "all-gather"
    case reduceScatter = "reduce-scatter"
    case allToAll = "all-to-all"
    case broadcast
    case sendRecv = "send-recv"

    /// nccl-tests' bus-bandwidth factor for `ranks` ranks (PERFORMANCE.md in nccl-tests).
    public func busBandwidthFactor(ranks n: Int) -> Double {
        let n = Double(max(n, 1))
        switch self {
        case .allReduce: return 2 * (n - 1) / n
        case .allGather, .reduceScatter, .allToAll: return (n - 1) / n
        case .broadcast, .sendRecv: return 1
        }
    }
}

/// Where a communicator's ranks sit: `ranks` in total spread evenly over `nodes` nodes.
public struct CommGroup: Hashable, Sendable {
    public var ranks: Int
    public var nodes: Int
    public init(ranks: Int, nodes: Int) {
        self.ranks = ranks
        self.nodes = max(1, nodes)
    }
    public var ranksPerNode: Int { ranks / nodes }

    /// A group of `ranks` members `stride` global ranks apart, ranks filling nodes of
    /// `gpusPerNode` in order (Megatron's tp-cp-dp-pp layout: tp stride 1, cp stride tp,
    /// dp stride tp·cp, pp stride tp·cp·dp).
    public init(ranks: Int, stride: Int, gpusPerNode: Int) {
        self.init(ranks: ranks, nodes: Self.nodes(spanning: ranks, stride: stride, gpusPerNode: gpusPerNode))
    }

    /// Nodes that `ranks` members `stride` apart occupy: ⌈ranks·stride / gpusPerNode⌉ (the
    /// collective model caps it at one node per member).
    public static func nodes(spanning ranks: Int, stride: Int, gpusPerNode: Int) -> Int {
        let g = max(gpusPerNode, 1)
        return max(1, (ranks * stride + g - 1) / g)
    }
}

/// The time one collective takes on a cluster.
public protocol CollectiveCostModel: Sendable {
    func time(_ op: CollectiveOp, bytes: Bytes, group: CommGroup, cluster: ClusterSpec) -> Seconds
}

/// Bandwidth-only collective cost: ring algorithm at the slowest link's per-direction
/// bandwidth, no latency, no protocol effects. A lower bound, used where no calibrated
/// model is wired in.
public struct IdealRingCollectiveModel: CollectiveCostModel {
    public init() {}
    public func time(_ op: CollectiveOp, bytes: Bytes, group: CommGroup, cluster: ClusterSpec) -> Seconds {
        guard group.ranks > 1, bytes.value > 0 else { return .zero }
        let link = group.nodes > 1
            ? min(cluster.intraNodeBandwidthPerGPU, cluster.interNodeBandwidthPerNode / Double(cluster.gpusPerNode))
            : cluster.intraNodeBandwidthPerGPU
        let algorithmBytes = bytes * op.busBandwidthFactor(ranks: group.ranks)
        return algorithmBytes / link
    }
}
