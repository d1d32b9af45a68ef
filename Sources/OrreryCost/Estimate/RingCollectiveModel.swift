import OrreryCore

/// First-order collective cost: NCCL's ring at a measured fraction of the bottleneck link's
/// per-direction bandwidth, plus a per-step latency.
///
/// The bottleneck is the GPU's scale-up link inside a node; across nodes it is the share of
/// the node's NICs that the group's ranks on that node own (NCCL runs one ring channel per
/// NIC, so 8 ranks per node use all 8 NICs, one rank per node only its own).
/// Efficiencies are nccl-tests bus bandwidths for ≥1 GiB messages (`../validation/nccl_public.csv`):
/// - inside a node 0.80: 8×A100 NVSwitch all-reduce 228–232 of 300 GB/s (Azure ND A100 v4);
///   8×H100 all-gather / reduce-scatter 343–365 of 450 GB/s (xxrjun/nccl-tests-cluster);
/// - NVLink SHARP all-reduce 1.06: 8×H100 470–483 GB/s of 450 (Azure ND H100 v5, AWS p5,
///   xxrjun), which the ring could not reach;
/// - across nodes 0.62: Azure ND A100 v4, 2–16 nodes of 8×200 Gb/s HDR, all-reduce
///   122–128 of 200 GB/s per node.
/// The calibrated collective model (tree, NVLS, protocols, small messages) replaces this one.
public struct RingCollectiveModel: CollectiveCostModel {
    public var intraNodeEfficiency = 0.80
    public var inNetworkReductionEfficiency = 1.06
    public var interNodeEfficiency = 0.62
    public var stepLatency = Seconds.microseconds(6)

    public init() {}

    public func time(_ op: CollectiveOp, bytes: Bytes, group: CommGroup, cluster: ClusterSpec) -> Seconds {
        guard group.ranks > 1, bytes.value > 0 else { return .zero }
        let intra = cluster.intraNodeBandwidthPerGPU
            * (op == .allReduce && cluster.hasInNetworkReduction ? inNetworkReductionEfficiency : intraNodeEfficiency)
        var link = intra
        if group.nodes > 1 {
            let ranksHere = Double(min(max(group.ranksPerNode, 1), cluster.gpusPerNode))
            let inter = cluster.interNodeBandwidthPerNode * (ranksHere / Double(max(cluster.gpusPerNode, 1))) * interNodeEfficiency
            link = min(intra, inter)
        }
        guard link.value > 0 else { return Seconds(.infinity) }
        let n = Double(group.ranks)
        let steps: Double
        switch op {
        case .allReduce: steps = 2 * (n - 1)
        case .sendRecv, .broadcast: steps = 1
        default: steps = n - 1
        }
        let latency = group.nodes > 1 ? max(stepLatency, cluster.interNode?.latency ?? stepLatency) : stepLatency
        return bytes * op.busBandwidthFactor(ranks: group.ranks) / link + latency * steps
    }
}
