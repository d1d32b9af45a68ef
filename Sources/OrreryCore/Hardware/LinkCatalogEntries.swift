/// Link catalog entries; bandwidths per direction (for NVLink / Infinity Fabric: per GPU, all
/// its links together; for NICs: one port).
///
/// Base latencies are one-way small-message classes, not measurements: scale-up fabrics 2 µs,
/// PCIe and InfiniBand 3 µs (NCCL `src/graph/tuning.cc` `hwLat` ranks NVLink below PCI below
/// NET), RoCE 10% above InfiniBand (University of New Mexico OSU-benchmark comparison of
/// ConnectX-4 in IB and RoCE modes, 8-byte messages, as summarised by NADDOD 2023).
enum LinkCatalogEntries {
    static let all: [LinkSpec] = [
        nvlink2, nvlink3, nvlink4, nvlink5, infinityFabric,
        pcie3, pcie4, pcie5,
        ibHDR, ibNDR, ibXDR,
        roce100, roce200, roce400,
        efa,
    ]

    // NVIDIA Tesla V100 whitepaper (2017): 6 NVLink2 links × 25 GB/s per direction = 150 GB/s
    // (300 GB/s bidirectional) per GPU.
    static let nvlink2 = LinkSpec(
        name: "nvlink2", aliases: ["nvlink-2"], kind: .nvlink,
        bandwidthPerDirection: .gbps(150), latency: .microseconds(2),
        source: "NVIDIA Tesla V100 whitepaper (2017): 6 NVLink2 links, 300 GB/s bidirectional per GPU")

    // NVIDIA A100 whitepaper: 12 third-generation NVLinks × 25 GB/s per direction = 300 GB/s.
    static let nvlink3 = LinkSpec(
        name: "nvlink3", aliases: ["nvlink-3", "NVLink3/NVSwitch"], kind: .nvlink,
        bandwidthPerDirection: .gbps(300), latency: .microseconds(2),
        source: "NVIDIA A100 whitepaper (2020): 12 NVLink3 links, 600 GB/s bidirectional per GPU")

    // NVIDIA H100 whitepaper: 18 fourth-generation NVLinks × 25 GB/s per direction = 450 GB/s.
    static let nvlink4 = LinkSpec(
        name: "nvlink4", aliases: ["nvlink-4", "NVLink4/NVSwitch"], kind: .nvlink,
        bandwidthPerDirection: .gbps(450), latency: .microseconds(2),
        source: "NVIDIA H100 whitepaper (2022): 18 NVLink4 links, 900 GB/s bidirectional per GPU")

    // NVIDIA Blackwell / DGX B200 datasheets: 18 fifth-generation NVLinks, 1.8 TB/s
    // bidirectional per GPU = 900 GB/s per direction (50 GB/s per link per direction).
    static let nvlink5 = LinkSpec(
        name: "nvlink5", aliases: ["nvlink-5", "NVLink5/NVSwitch"], kind: .nvlink,
        bandwidthPerDirection: .gbps(900), latency: .microseconds(2),
        source: "NVIDIA DGX B200 datasheet: 18 NVLink5 links, 1.8 TB/s bidirectional per GPU")

    // AMD Instinct MI300X data sheet: 7 Infinity Fabric links × 128 GB/s bidirectional
    // (64 GB/s per direction) = 448 GB/s per direction per GPU, one link to each peer OAM.
    static let infinityFabric = LinkSpec(
        name: "infinity-fabric", aliases: ["xgmi", "infinityfabric", "amd-infinity-fabric"], kind: .infinityFabric,
        bandwidthPerDirection: .gbps(448), latency: .microseconds(2),
        source: "AMD Instinct MI300X data sheet: 7 Infinity Fabric links x 64 GB/s per direction")

    // PCI-SIG PCIe 3.0 base specification: 8 GT/s per lane, 128b/130b encoding →
    // 16 lanes × 8 Gb/s × 128/130 / 8 = 15.75 GB/s per direction.
    static let pcie3 = LinkSpec(
        name: "pcie3", aliases: ["pcie-3", "pcie3-x16", "pcie-gen3"], kind: .pcie,
        bandwidthPerDirection: .gbps(15.75), latency: .microseconds(3),
        source: "PCIe 3.0 base spec: x16 at 8 GT/s, 128b/130b = 15.75 GB/s per direction")

    // PCI-SIG PCIe 4.0 base specification: 16 GT/s per lane, 128b/130b →
    // 16 × 16 Gb/s × 128/130 / 8 = 31.5 GB/s per direction (32 GB/s raw).
    static let pcie4 = LinkSpec(
        name: "pcie4", aliases: ["pcie-4", "pcie4-x16", "pcie-gen4"], kind: .pcie,
        bandwidthPerDirection: .gbps(31.5), latency: .microseconds(3),
        source: "PCIe 4.0 base spec: x16 at 16 GT/s, 128b/130b = 31.5 GB/s per direction")

    // PCI-SIG PCIe 5.0 base specification: 32 GT/s per lane, 128b/130b →
    // 16 × 32 Gb/s × 128/130 / 8 = 63.0 GB/s per direction (64 GB/s raw).
    static let pcie5 = LinkSpec(
        name: "pcie5", aliases: ["pcie-5", "pcie5-x16", "pcie-gen5"], kind: .pcie,
        bandwidthPerDirection: .gbps(63.0), latency: .microseconds(3),
        source: "PCIe 5.0 base spec: x16 at 32 GT/s, 128b/130b = 63.0 GB/s per direction")

    // NVIDIA ConnectX-6 / Quantum datasheets: InfiniBand HDR 200 Gb/s per port = 25 GB/s per
    // direction (data rate; 4 lanes × 50 Gb/s).
    static let ibHDR = LinkSpec(
        name: "ib-hdr", aliases: ["hdr", "infiniband-hdr", "hdr200"], kind: .infiniband,
        bandwidthPerDirection: .gigabits(200), latency: .microseconds(3),
        source: "NVIDIA ConnectX-6 datasheet: InfiniBand HDR 200 Gb/s per port")

    // NVIDIA ConnectX-7 / Quantum-2 datasheets: InfiniBand NDR 400 Gb/s per port = 50 GB/s
    // per direction; ~1 µs switch-to-switch latency class (NVIDIA Quantum-2 datasheet).
    static let ibNDR = LinkSpec(
        name: "ib-ndr", aliases: ["ndr", "infiniband-ndr", "ndr400"], kind: .infiniband,
        bandwidthPerDirection: .gigabits(400), latency: .microseconds(3),
        source: "NVIDIA ConnectX-7 datasheet: InfiniBand NDR 400 Gb/s per port")

    // NVIDIA ConnectX-8 SuperNIC / Quantum-X800 datasheets: InfiniBand XDR 800 Gb/s per port
    // = 100 GB/s per direction.
    static let ibXDR = LinkSpec(
        name: "ib-xdr", aliases: ["xdr", "infiniband-xdr", "xdr800"], kind: .infiniband,
        bandwidthPerDirection: .gigabits(800), latency: .microseconds(3),
        source: "NVIDIA ConnectX-8 SuperNIC datasheet: InfiniBand XDR 800 Gb/s per port")

    // NVIDIA ConnectX-6 Dx datasheet: 100 GbE RoCE v2 port = 12.5 GB/s per direction.
    static let roce100 = LinkSpec(
        name: "roce-100g", aliases: ["roce100", "100gbe-roce"], kind: .roce,
        bandwidthPerDirection: .gigabits(100), latency: .microseconds(3.3),
        source: "NVIDIA ConnectX-6 Dx datasheet: 100 GbE RoCE v2")

    // NVIDIA ConnectX-6 Dx datasheet: 200 GbE RoCE v2 port = 25 GB/s per direction.
    static let roce200 = LinkSpec(
        name: "roce-200g", aliases: ["roce200", "200gbe-roce"], kind: .roce,
        bandwidthPerDirection: .gigabits(200), latency: .microseconds(3.3),
        source: "NVIDIA ConnectX-6 Dx datasheet: 200 GbE RoCE v2")

    // NVIDIA ConnectX-7 datasheet: 400 GbE RoCE v2 port = 50 GB/s per direction.
    static let roce400 = LinkSpec(
        name: "roce-400g", aliases: ["roce400", "400gbe-roce"], kind: .roce,
        bandwidthPerDirection: .gigabits(400), latency: .microseconds(3.3),
        source: "NVIDIA ConnectX-7 datasheet: 400 GbE RoCE v2")

    // AWS Elastic Fabric Adapter (SRD transport over Ethernet): p4d/p4de have 4 × 100 Gb/s,
    // p5 32 × 100 Gb/s (EFA v2) per instance (AWS EC2 P4/P5 instance-type pages). The adapter
    // rate is set per cluster (`nic_gbps`); 100 Gb/s here. Small-message latency is an order of
    // magnitude above InfiniBand: nccl-tests 2-node 8 B all-reduce takes ~165 µs on p4de
    // versus ~35 µs on Azure HDR (../validation/nccl_public.csv: aws-samples, NetX-lab/Echo);
    // 15 µs one-way is the class used, not a fit.
    static let efa = LinkSpec(
        name: "efa", aliases: ["aws-efa", "efa-v2"], kind: .ethernet,
        bandwidthPerDirection: .gigabits(100), latency: .microseconds(15),
        source: "AWS EC2 P4d/P5 instance pages: EFA 100 Gb/s per adapter (4 on p4d, 32 on p5)")
}
