/// Cluster preset entries.
enum ClusterCatalogEntries {
    static let all: [ClusterSpec] = [dgxH100]

    // NVIDIA DGX H100 user guide / datasheet: 8× H100 SXM5, 4× NVSwitch gen 3 (NVLink SHARP),
    // 8× ConnectX-7 single-port 400 Gb/s InfiniBand NDR for the compute fabric.
    static let dgxH100 = ClusterSpec(
        name: "dgx-h100", gpu: GPUCatalogEntries.h100SXM, nodes: 1, gpusPerNode: 8,
        intraNode: LinkCatalogEntries.nvlink4, intraNodeBandwidthPerGPU: .gbps(450),
        hasSwitch: true, hasInNetworkReduction: true,
        interNode: LinkCatalogEntries.ibNDR, nicsPerNode: 8,
        source: "NVIDIA DGX H100 datasheet: 8x H100 SXM5, 4x NVSwitch, 8x ConnectX-7 400 Gb/s")
}
