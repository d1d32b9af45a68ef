/// Cluster preset entries: one reference node each (`nodes: 1`); `ClusterCatalog.cluster(named:nodes:)`
/// scales them out. `nicsPerNode` counts the compute-fabric NICs only (not storage/management).
enum ClusterCatalogEntries {
    static let all: [ClusterSpec] = [dgxA100, dgxH100, hgxH200, dgxB200, mi300x8]

    // NVIDIA DGX A100 datasheet (640GB system): 8× A100 80GB SXM4, 6× NVSwitch gen 2
    // (600 GB/s bidirectional per GPU; no in-switch reduction before NVSwitch gen 3),
    // 8× single-port ConnectX-6 VPI 200 Gb/s HDR InfiniBand for the compute fabric.
    static let dgxA100 = ClusterSpec(
        name: "dgx-a100", gpu: GPUCatalogEntries.a100SXM80, nodes: 1, gpusPerNode: 8,
        intraNode: LinkCatalogEntries.nvlink3, intraNodeBandwidthPerGPU: .gbps(300),
        hasSwitch: true, hasInNetworkReduction: false,
        interNode: LinkCatalogEntries.ibHDR, nicsPerNode: 8,
        source: "NVIDIA DGX A100 datasheet (640GB): 8x A100 80GB SXM4, 6x NVSwitch, 8x ConnectX-6 200 Gb/s HDR")

    // NVIDIA DGX H100 user guide / datasheet: 8× H100 SXM5, 4× NVSwitch gen 3 (NVLink SHARP),
    // 8× ConnectX-7 single-port 400 Gb/s InfiniBand NDR for the compute fabric.
    static let dgxH100 = ClusterSpec(
        name: "dgx-h100", gpu: GPUCatalogEntries.h100SXM, nodes: 1, gpusPerNode: 8,
        intraNode: LinkCatalogEntries.nvlink4, intraNodeBandwidthPerGPU: .gbps(450),
        hasSwitch: true, hasInNetworkReduction: true,
        interNode: LinkCatalogEntries.ibNDR, nicsPerNode: 8,
        source: "NVIDIA DGX H100 datasheet: 8x H100 SXM5, 4x NVSwitch, 8x ConnectX-7 400 Gb/s")

    // NVIDIA HGX H200 / DGX H200 datasheets: 8× H200 SXM, 4× NVSwitch gen 3 (NVLink SHARP),
    // 900 GB/s bidirectional per GPU, 8× ConnectX-7 400 Gb/s InfiniBand NDR (DGX H200).
    static let hgxH200 = ClusterSpec(
        name: "hgx-h200", gpu: GPUCatalogEntries.h200, nodes: 1, gpusPerNode: 8,
        intraNode: LinkCatalogEntries.nvlink4, intraNodeBandwidthPerGPU: .gbps(450),
        hasSwitch: true, hasInNetworkReduction: true,
        interNode: LinkCatalogEntries.ibNDR, nicsPerNode: 8,
        source: "NVIDIA HGX H200 / DGX H200 datasheets: 8x H200 SXM, 4x NVSwitch, 8x ConnectX-7 400 Gb/s")

    // NVIDIA DGX B200 datasheet: 8× B200, 2× NVLink 5 switch chips (NVLink SHARP), 1.8 TB/s
    // bidirectional per GPU (14.4 TB/s total), 8× single-port ConnectX-7 VPI up to 400 Gb/s
    // InfiniBand/Ethernet for the compute fabric.
    static let dgxB200 = ClusterSpec(
        name: "dgx-b200", gpu: GPUCatalogEntries.b200, nodes: 1, gpusPerNode: 8,
        intraNode: LinkCatalogEntries.nvlink5, intraNodeBandwidthPerGPU: .gbps(900),
        hasSwitch: true, hasInNetworkReduction: true,
        interNode: LinkCatalogEntries.ibNDR, nicsPerNode: 8,
        source: "NVIDIA DGX B200 datasheet: 8x B200, 2x NVLink5 switch, 8x ConnectX-7 400 Gb/s")

    // AMD Instinct MI300X platform (AMD MI300X data sheet): 8× MI300X OAM in a full mesh of
    // Infinity Fabric links (7 × 64 GB/s per direction per GPU, no switch); compute NICs as
    // in Azure ND MI300X v5 (Microsoft Learn, ND MI300X v5 series): 8× 400 Gb/s InfiniBand NDR.
    static let mi300x8 = ClusterSpec(
        name: "mi300x-8", gpu: GPUCatalogEntries.mi300x, nodes: 1, gpusPerNode: 8,
        intraNode: LinkCatalogEntries.infinityFabric, intraNodeBandwidthPerGPU: .gbps(448),
        hasSwitch: false, hasInNetworkReduction: false,
        interNode: LinkCatalogEntries.ibNDR, nicsPerNode: 8,
        source: "AMD Instinct MI300X platform: 8x OAM, Infinity Fabric full mesh; NICs as Azure ND MI300X v5: 8x 400 Gb/s NDR")
}
