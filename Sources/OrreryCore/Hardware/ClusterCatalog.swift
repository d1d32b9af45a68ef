/// Cluster presets and custom "N nodes × G GPUs with K NICs of speed S" clusters.
public enum ClusterCatalog {
    public static let presets: [ClusterSpec] = ClusterCatalogEntries.all

    /// A preset by name (case-insensitive), optionally with another node count.
    public static func cluster(named name: String, nodes: Int? = nil) throws -> ClusterSpec {
        let key = HardwareCatalog.normalize(name)
        guard let preset = presets.first(where: { $0.name == key }) else {
            throw OrreryError.unknownName(kind: "cluster", name: name,
                                          suggestions: NameSuggester.nearest(to: name, in: presets.map(\.name)))
        }
        return nodes.map { preset.with(nodes: $0) } ?? preset
    }

    /// The usual cluster for `numGPUs` GPUs of one kind: the vendor's reference node
    /// (NVSwitch for SXM parts, the GPU's own mesh where `scaleUpSwitched` is false, PCIe
    /// otherwise) with one InfiniBand NDR NIC per GPU.
    public static func generic(gpu: GPUSpec, numGPUs: Int, gpusPerNode: Int = 8) throws -> ClusterSpec {
        guard numGPUs > 0 else {
            throw OrreryError.invalidValue(field: "num_gpus", value: "\(numGPUs)", allowed: "a positive integer")
        }
        guard gpusPerNode > 0 else {
            throw OrreryError.invalidValue(field: "gpus_per_node", value: "\(gpusPerNode)", allowed: "a positive integer")
        }
        let perNode = min(gpusPerNode, numGPUs)
        guard numGPUs % perNode == 0 else {
            throw OrreryError.rule(field: "num_gpus", rule: "num_gpus = \(numGPUs) is not a multiple of gpus_per_node = \(perNode)")
        }
        let intra = try HardwareCatalog.link(named: gpu.scaleUpLink ?? gpu.hostLink)
        let nic = try HardwareCatalog.link(named: "ib-ndr")
        return ClusterSpec(
            name: "\(numGPUs / perNode)x\(perNode) \(gpu.name)", gpu: gpu, nodes: numGPUs / perNode, gpusPerNode: perNode,
            intraNode: intra, intraNodeBandwidthPerGPU: gpu.scaleUpLink != nil ? gpu.scaleUpBandwidthPerDirection : intra.bandwidthPerDirection,
            hasSwitch: gpu.scaleUpLink != nil && gpu.scaleUpSwitched, hasInNetworkReduction: false,
            interNode: numGPUs > perNode ? nic : nil, nicsPerNode: perNode, source: "generic node built from the GPU entry")
    }

    /// Whether the GPU's own scale-up fabric reduces in the switch: third-generation NVSwitch
    /// (NVLink4, HGX H100/H200) and later have NVLink SHARP (NVIDIA H100 whitepaper 2022).
    public static func hasNVLinkSHARP(_ gpu: GPUSpec) -> Bool {
        gpu.scaleUpSwitched && (gpu.scaleUpLink == "nvlink4" || gpu.scaleUpLink == "nvlink5")
    }

    /// A custom cluster: `nodes` × `gpusPerNode` GPUs of one kind, joined inside a node by
    /// the GPU's own scale-up fabric and across nodes by `nicsPerNode` NICs of
    /// `nicGbps` Gb/s each (InfiniBand unless `nicLink` names another catalog link).
    public static func custom(gpu: GPUSpec, nodes: Int, gpusPerNode: Int, nicsPerNode: Int,
                              nicGbps: Double, nicLink: String = "ib-ndr") throws -> ClusterSpec {
        guard nodes > 0 else { throw OrreryError.invalidValue(field: "cluster.nodes", value: "\(nodes)", allowed: "a positive integer") }
        guard gpusPerNode > 0 else { throw OrreryError.invalidValue(field: "cluster.gpus_per_node", value: "\(gpusPerNode)", allowed: "a positive integer") }
        guard nicsPerNode >= 0 else { throw OrreryError.invalidValue(field: "cluster.nics", value: "\(nicsPerNode)", allowed: "0 or more") }
        guard nicGbps > 0, nicGbps.isFinite else { throw OrreryError.invalidValue(field: "cluster.nic_gbps", value: "\(nicGbps)", allowed: "a positive line rate in Gb/s") }
        let intra = try HardwareCatalog.link(named: gpu.scaleUpLink ?? gpu.hostLink)
        var nic = try HardwareCatalog.link(named: nicLink)
        nic.bandwidthPerDirection = .gigabits(nicGbps)
        return ClusterSpec(
            name: "\(nodes)x\(gpusPerNode) \(gpu.name), \(nicsPerNode)x\(Int(nicGbps))G", gpu: gpu, nodes: nodes, gpusPerNode: gpusPerNode,
            intraNode: intra, intraNodeBandwidthPerGPU: gpu.scaleUpLink != nil ? gpu.scaleUpBandwidthPerDirection : intra.bandwidthPerDirection,
            hasSwitch: gpu.scaleUpLink != nil && gpu.scaleUpSwitched, hasInNetworkReduction: hasNVLinkSHARP(gpu),
            interNode: nodes > 1 ? nic : nil, nicsPerNode: nicsPerNode,
            source: "custom cluster: GPU and NIC numbers from their catalog entries, NIC rate as given")
    }
}
