/// A cluster: `nodes` × `gpusPerNode` GPUs joined inside a node by `intraNode` and across
/// nodes by `nicsPerNode` NICs of kind `interNode` through a fat-tree.
public struct ClusterSpec: Hashable, Sendable {
    /// Preset key (`dgx-h100`) or a generated description for custom clusters.
    public var name: String
    public var gpu: GPUSpec
    public var nodes: Int
    public var gpusPerNode: Int
    /// Scale-up fabric inside a node (NVLink/NVSwitch, Infinity Fabric or PCIe).
    public var intraNode: LinkSpec
    /// Per-GPU per-direction bandwidth inside a node (for NVSwitch: the GPU's NVLink total).
    public var intraNodeBandwidthPerGPU: BytesPerSecond
    /// Whether the node has a switch (NVSwitch) so any pair talks at full per-GPU bandwidth.
    public var hasSwitch: Bool
    /// Whether the switch reduces in the network (NVLink SHARP, NVSwitch gen 3+).
    public var hasInNetworkReduction: Bool
    /// Scale-out NIC kind; nil for a single node.
    public var interNode: LinkSpec?
    public var nicsPerNode: Int
    /// Fat-tree oversubscription above the leaf (1 = full bisection).
    public var oversubscription: Double
    public var source: String

    public init(name: String, gpu: GPUSpec, nodes: Int, gpusPerNode: Int, intraNode: LinkSpec,
                intraNodeBandwidthPerGPU: BytesPerSecond, hasSwitch: Bool, hasInNetworkReduction: Bool,
                interNode: LinkSpec?, nicsPerNode: Int, oversubscription: Double = 1, source: String) {
        self.name = name
        self.gpu = gpu
        self.nodes = nodes
        self.gpusPerNode = gpusPerNode
        self.intraNode = intraNode
        self.intraNodeBandwidthPerGPU = intraNodeBandwidthPerGPU
        self.hasSwitch = hasSwitch
        self.hasInNetworkReduction = hasInNetworkReduction
        self.interNode = interNode
        self.nicsPerNode = nicsPerNode
        self.oversubscription = oversubscription
        self.source = source
    }

    public var totalGPUs: Int { nodes * gpusPerNode }

    /// Scale-out bandwidth per node, per direction (all NICs).
    public var interNodeBandwidthPerNode: BytesPerSecond {
        guard let interNode else { return .zero }
        return interNode.bandwidthPerDirection * Double(nicsPerNode)
    }

    /// The same cluster with another node count.
    public func with(nodes: Int) -> ClusterSpec {
        var copy = self
        copy.nodes = nodes
        return copy
    }
}
