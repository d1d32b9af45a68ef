import OrreryCore

/// Where a communicator's ranks sit on a cluster and the links their traffic crosses:
/// `ranks` spread evenly over `nodes` nodes, `ranksPerNode` on each, joined inside a node by
/// the scale-up fabric and across nodes by the rails of NICs the group's GPUs own.
///
/// Rail-optimised fat-tree (NVIDIA DGX SuperPOD reference architecture): GPU k of every node
/// has its own NIC(s) on rail k, so a group with `ranksPerNode` of a node's `gpusPerNode`
/// GPUs drives `nicsPerNode · ranksPerNode / gpusPerNode` NICs (at least one). Above a leaf
/// of `nodesPerLeaf` nodes the fabric's oversubscription divides that bandwidth.
public struct CommunicatorPlacement: Hashable, Sendable {
    public var ranks: Int
    public var nodes: Int
    public var ranksPerNode: Int { max(1, ranks / max(nodes, 1)) }
    /// Per-GPU per-direction bandwidth of the scale-up fabric (the GPU's NVLink total, or its
    /// PCIe link where there is no NVLink).
    public var intraBandwidth: BytesPerSecond
    public var intraHardware: NCCLTuningConstants.Hardware
    /// Per-direction NIC bandwidth one node gives this group (all the rails it uses).
    public var groupNICBandwidthPerNode: BytesPerSecond
    /// NICs of one node this group uses.
    public var nicsUsedPerNode: Int
    /// Per-direction NIC bandwidth of one GPU (its own rail NICs).
    public var nicBandwidthPerGPU: BytesPerSecond
    /// Per-direction bandwidth of one NIC port (zero without NICs).
    public var nicPortBandwidth: BytesPerSecond
    /// One-way latency of the scale-out link (0 on one node).
    public var interLatency: Seconds
    /// NVLink SHARP (NVSwitch gen 3+) present.
    public var inNetworkReduction: Bool
    public var generation: NCCLGeneration

    /// Leaf size of a rail-optimised fat-tree: one scalable unit of 32 nodes (NVIDIA DGX
    /// SuperPOD H100 reference architecture, 32 DGX per SU with a leaf switch per rail).
    public static let nodesPerLeaf = 32

    public init(group: CommGroup, cluster: ClusterSpec) {
        ranks = max(1, group.ranks)
        nodes = max(1, min(group.nodes, ranks))
        let ppn = max(1, ranks / nodes)
        if cluster.intraNodeBandwidthPerGPU.value > 0, cluster.intraNode.kind != .pcie {
            intraBandwidth = cluster.intraNodeBandwidthPerGPU
            intraHardware = .nvlink
        } else {
            intraBandwidth = cluster.intraNode.kind == .pcie ? cluster.intraNode.bandwidthPerDirection
                : (try? HardwareCatalog.link(named: cluster.gpu.hostLink).bandwidthPerDirection) ?? .gbps(31.5)
            intraHardware = .pci
        }
        let gpn = max(1, cluster.gpusPerNode)
        let nicBW = cluster.interNode?.bandwidthPerDirection ?? .zero
        let nics = max(0, cluster.nicsPerNode)
        let used = nics == 0 ? 0 : max(1, min(nics, nics * ppn / gpn))
        nicsUsedPerNode = used
        nicPortBandwidth = nicBW
        var perNode = nicBW * Double(used)
        if nodes > Self.nodesPerLeaf, cluster.oversubscription > 1 { perNode = perNode / cluster.oversubscription }
        groupNICBandwidthPerNode = perNode
        nicBandwidthPerGPU = nics == 0 ? .zero : nicBW * Double(max(1, nics / gpn))
        interLatency = nodes > 1 ? (cluster.interNode?.latency ?? .microseconds(3)) : .zero
        inNetworkReduction = cluster.hasInNetworkReduction && intraHardware == .nvlink
        generation = NCCLGeneration.of(cluster.gpu)
    }

    /// NCCL's tuning-scale index: 0 for one node, 1 for two, 2 for more.
    var nodesIndex: Int { nodes <= 1 ? 0 : nodes == 2 ? 1 : 2 }
}
