/// Link catalog entries; bandwidths per direction.
enum LinkCatalogEntries {
    static let all: [LinkSpec] = [nvlink3, nvlink4, ibNDR]

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

    // NVIDIA ConnectX-7 / Quantum-2 datasheets: InfiniBand NDR 400 Gb/s per port = 50 GB/s
    // per direction; ~1 µs switch-to-switch latency class (NVIDIA Quantum-2 datasheet).
    static let ibNDR = LinkSpec(
        name: "ib-ndr", aliases: ["ndr", "infiniband-ndr"], kind: .infiniband,
        bandwidthPerDirection: .gigabits(400), latency: .microseconds(3),
        source: "NVIDIA ConnectX-7 datasheet: InfiniBand NDR 400 Gb/s per port")
}
