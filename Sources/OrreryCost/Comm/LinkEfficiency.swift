import OrreryCore

/// Fraction of a link's per-direction line rate that large (≥ 256 MiB) nccl-tests transfers
/// reach, per link class and algorithm, from published nccl-tests runs
/// (`Sources/OrreryCost/Validation/NCCLPublicData.swift`; which rows set each value is
/// stated below, and every other row is a check).
public struct LinkEfficiency: Hashable, Sendable {
    /// NVLink/NVSwitch ring and point-to-point: 8×A100 all-reduce busbw 231 of 300 GB/s
    /// (NetX-lab/Echo, 1 GiB) and 8×H100 all-gather 359 of 450 (xxrjun/nccl-tests-cluster,
    /// 8 GiB): 0.77 and 0.80.
    public var nvlink = 0.78
    /// NVLink SHARP all-reduce algbw per NVLink line rate: 8×H100 busbw 476–483 GB/s =
    /// algbw 272–276 of 450 (Azure ND H100 v5, AWS p5, xxrjun).
    public var nvls = 0.61
    /// PCIe peer-to-peer through the host bridge: 2×A100 PCIe Gen4 all-gather 14.6 of
    /// 31.5 GB/s (thomaslie210/NCCL_Test_Results).
    public var pcie = 0.47
    /// Scale-out NICs below 400 Gb/s per port (InfiniBand HDR, EFA): Azure ND A100 v4
    /// (8×HDR, 200 GB/s per node) ring busbw 124–128 at 2–16 nodes (NetX-lab/Echo).
    public var network = 0.63
    /// Scale-out ports of 400 Gb/s and faster (InfiniBand NDR/XDR, 400G RoCE: ConnectX-7
    /// class): 4 nodes × 8 H100 with 8×400 Gb/s InfiniBand, NCCL 2.24.3, busbw all-reduce
    /// 330.9 and all-gather 323.5 GB/s of 400 GB/s per node = 0.83 and 0.81
    /// (github.com/aigatech/vpbenchmarking README, Voltage Park cluster, 2026).
    public var network400G = 0.82

    public init() {}

    public func intra(_ hw: NCCLTuningConstants.Hardware) -> Double { hw == .pci ? pcie : nvlink }

    /// Scale-out efficiency for NIC ports of `portBandwidth` per direction (EFA's 100 Gb/s
    /// ports count as their port rate, not the node's aggregate).
    public func scaleOut(portBandwidth: BytesPerSecond) -> Double {
        portBandwidth.value >= BytesPerSecond.gigabits(400).value * 0.99 ? network400G : network
    }
}
