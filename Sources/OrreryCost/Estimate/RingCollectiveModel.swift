import OrreryCore

/// First-order collective cost: NCCL's ring algorithm at a fraction of the slowest link's
/// per-direction bandwidth plus a per-step latency. Inside a node the link is the GPU's
/// scale-up bandwidth; across nodes each GPU's share of its node's NICs.
///
/// `busEfficiency` 0.8: nccl-tests' large-message ring bus bandwidth on NVLink and
/// InfiniBand clusters reaches 75–85% of the link rate (`../validation/nccl_public.csv`,
/// e.g. 8×A100 NVSwitch all-reduce ≈ 230 of 300 GB/s). NVLink SHARP and tree algorithms are
/// not modelled here; the calibrated collective model replaces this one.
public struct RingCollectiveModel: CollectiveCostModel {
    public var busEfficiency = 0.8
    public var stepLatency = Seconds.microseconds(6)

    public init() {}

    public func time(_ op: CollectiveOp, bytes: Bytes, group: CommGroup, cluster: ClusterSpec) -> Seconds {
        guard group.ranks > 1, bytes.value > 0 else { return .zero }
        let perGPUInter = cluster.interNodeBandwidthPerNode / Double(max(cluster.gpusPerNode, 1))
        let link = group.nodes > 1 ? min(cluster.intraNodeBandwidthPerGPU, perGPUInter) : cluster.intraNodeBandwidthPerGPU
        guard link.value > 0 else { return Seconds(.infinity) }
        let n = Double(group.ranks)
        let steps: Double
        switch op {
        case .allReduce: steps = 2 * (n - 1)
        case .sendRecv, .broadcast: steps = 1
        default: steps = n - 1
        }
        let latency = group.nodes > 1 ? max(stepLatency, cluster.interNode?.latency ?? stepLatency) : stepLatency
        return bytes * op.busBandwidthFactor(ranks: group.ranks) / (link * busEfficiency) + latency * steps
    }
}
