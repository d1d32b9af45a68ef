/// GPU catalog entries. Dense (non-sparse) tensor-core peaks: where a datasheet quotes only
/// "with sparsity" figures, the dense rate is half of it.
///
/// Memory capacity: DRAM is built from binary-sized dies, and what the driver reports shows
/// the vendor's "GB" on these parts is GiB (2^30 B): A100 80GB reports 81,920 MiB; H200 141GB
/// reports 143,771 MiB = 140.4 GiB (nvidia-smi); B200 180GB reports 178.35 GiB (cudaDeviceProp
/// totalGlobalMem, pytorch/ao PR #4002); MI300X 192GB reports 205,822,885,888 B = 191.7 GiB
/// (rocm-smi). So `hbmBytes` is `.gib(vendor number)` for every entry. Bandwidths are vendor
/// decimal units (GB/s = 1e9 B/s).
enum GPUCatalogEntries {
    static let all: [GPUSpec] = [
        h100SXM, h100PCIe, h200, b200, a100SXM40, a100SXM80, a100PCIe, a100PCIe40, l40s, a10, v100, mi300x,
    ]

    // NVIDIA H100 Tensor Core GPU datasheet (nvidia.com, DS-11261, 2023), SXM5 column:
    // FP64 TC 67 TF, TF32 494.7 TF, BF16/FP16 989.4 TF, FP8 1,978.9 TF (dense = half the
    // "with sparsity" figures), 80 GB HBM3 at 3.35 TB/s, NVLink 900 GB/s (bidirectional),
    // up to 700 W. 132 SMs: NVIDIA H100 whitepaper (GTC 2022), Table 3.
    // "h100-80gb": nvidia-smi names the SXM part "NVIDIA H100 80GB HBM3" (PCIe: "H100 PCIe").
    static let h100SXM = GPUSpec(
        name: "h100-sxm",
        aliases: ["h100", "h100-sxm5", "h100-sxm-80gb", "h100-sxm5-80gb", "h100-80gb-hbm3", "h100-80gb",
                  "nvidia-h100-80gb-hbm3"],
        vendor: "NVIDIA", hbmBytes: .gib(80), hbmBandwidth: .gbps(3350),
        densePeak: [.fp32: .tera(66.9), .tf32: .tera(494.7), .bf16: .tera(989.4), .fp16: .tera(989.4), .fp8: .tera(1978.9)],
        scaleUpBandwidthPerDirection: .gbps(450), scaleUpLink: "nvlink4", hostLink: "pcie5",
        tdpWatts: 700, smCount: 132, kernelTable: "h100-sxm-80gb",
        source: "NVIDIA H100 Tensor Core GPU datasheet (SXM5); H100 whitepaper Table 3")

    // NVIDIA H100 Tensor Core GPU datasheet (DS-11261), H100 PCIe column: FP32 51 TF,
    // TF32 756 TF, BF16/FP16 1,513 TF, FP8 3,026 TF with sparsity (dense: 378 / 756.5 /
    // 1,513), 80 GB HBM2e at 2 TB/s, 300–350 W, PCIe Gen5 128 GB/s (bidirectional). Its NVLink
    // bridge joins pairs of cards only (600 GB/s bidirectional), so a node is PCIe-connected.
    // 114 SMs: H100 whitepaper Table 3.
    static let h100PCIe = GPUSpec(
        name: "h100-pcie", aliases: ["h100-pcie-80gb", "nvidia-h100-pcie"],
        vendor: "NVIDIA", hbmBytes: .gib(80), hbmBandwidth: .gbps(2000),
        densePeak: [.fp32: .tera(51), .tf32: .tera(378), .bf16: .tera(756.5), .fp16: .tera(756.5), .fp8: .tera(1513)],
        scaleUpBandwidthPerDirection: .zero, scaleUpLink: nil, hostLink: "pcie5",
        // Same Hopper SMs as the SXM part: the H100 SXM tables transfer (see CalibratedKernelModel).
        tdpWatts: 350, smCount: 114, kernelTable: "h100-sxm-80gb",
        source: "NVIDIA H100 Tensor Core GPU datasheet (PCIe); H100 whitepaper Table 3")

    // NVIDIA H200 Tensor Core GPU datasheet (nvidia.com, 2024), H200 SXM column: FP32 67 TF,
    // TF32 989 TF, BF16/FP16 1,979 TF, FP8 3,958 TF with sparsity (dense: 494.7 / 989.4 /
    // 1,978.9, the H100 SXM5 rates: same GH100 die and clocks), 141 GB HBM3e at 4.8 TB/s,
    // NVLink 900 GB/s (bidirectional), up to 700 W. 132 SMs as H100 SXM5.
    static let h200 = GPUSpec(
        name: "h200", aliases: ["h200-sxm", "h200-sxm-141gb", "h200-141gb", "nvidia-h200"],
        vendor: "NVIDIA", hbmBytes: .gib(141), hbmBandwidth: .gbps(4800),
        densePeak: [.fp32: .tera(66.9), .tf32: .tera(494.7), .bf16: .tera(989.4), .fp16: .tera(989.4), .fp8: .tera(1978.9)],
        scaleUpBandwidthPerDirection: .gbps(450), scaleUpLink: "nvlink4", hostLink: "pcie5",
        // Same GH100 die as H100 SXM: the H100 SXM tables transfer (see CalibratedKernelModel).
        tdpWatts: 700, smCount: 132, kernelTable: "h100-sxm-80gb",
        source: "NVIDIA H200 Tensor Core GPU datasheet (SXM)")

    // NVIDIA HGX B200 / DGX B200 datasheets (nvidia.com, 2024–2025), per GPU = the 8-GPU
    // figure / 8: FP32 600 TF → 75 TF; TF32 18 PF, FP16/BF16 36 PF, FP8 72 PF with sparsity →
    // dense 1,125 / 2,250 / 4,500 TF; 1.44 TB HBM3e → 180 GB; NVLink 5 1.8 TB/s
    // (bidirectional) per GPU; 1,000 W per GPU. HBM bandwidth: DGX B200 quotes 64 TB/s
    // (8 TB/s per GPU); HGX B200 quotes 7.7 TB/s per GPU, which matches the driver's
    // 7,680-bit bus × 3,996 MHz × 2 = 7.67 TB/s (pytorch/ao PR #4002): 7.7 TB/s used.
    // 148 SMs: CUDA device query in the same PR.
    static let b200 = GPUSpec(
        name: "b200", aliases: ["b200-sxm", "b200-sxm-180gb", "b200-180gb", "nvidia-b200"],
        vendor: "NVIDIA", hbmBytes: .gib(180), hbmBandwidth: .gbps(7700),
        densePeak: [.fp32: .tera(75), .tf32: .tera(1125), .bf16: .tera(2250), .fp16: .tera(2250), .fp8: .tera(4500)],
        scaleUpBandwidthPerDirection: .gbps(900), scaleUpLink: "nvlink5", hostLink: "pcie5",
        tdpWatts: 1000, smCount: 148,
        source: "NVIDIA HGX B200 / DGX B200 datasheets (per-GPU = system / 8); SM count from CUDA device query")

    // NVIDIA A100 Tensor Core GPU datasheet (nvidia.com, 2021), 40GB SXM column: FP32 19.5 TF,
    // TF32 156 TF, BF16/FP16 312 TF (dense), 40 GB HBM2 at 1,555 GB/s, NVLink 600 GB/s
    // (bidirectional), 400 W. 108 SMs: NVIDIA A100 whitepaper (2020), Table 1.
    static let a100SXM40 = GPUSpec(
        name: "a100-sxm-40gb", aliases: ["a100-40gb", "a100-sxm4-40gb", "nvidia-a100-sxm4-40gb"],
        vendor: "NVIDIA", hbmBytes: .gib(40), hbmBandwidth: .gbps(1555),
        densePeak: [.fp32: .tera(19.5), .tf32: .tera(156), .bf16: .tera(312), .fp16: .tera(312)],
        scaleUpBandwidthPerDirection: .gbps(300), scaleUpLink: "nvlink3", hostLink: "pcie4",
        tdpWatts: 400, smCount: 108,
        source: "NVIDIA A100 Tensor Core GPU datasheet (40GB SXM); A100 whitepaper Table 1")

    // NVIDIA A100 Tensor Core GPU datasheet (nvidia.com, 2021), 80GB SXM column: FP32 19.5 TF,
    // TF32 156 TF, BF16/FP16 312 TF (dense), 80 GB HBM2e at 2,039 GB/s, NVLink 600 GB/s
    // (bidirectional), 400 W. 108 SMs: NVIDIA A100 whitepaper (2020), Table 1.
    static let a100SXM80 = GPUSpec(
        name: "a100-sxm-80gb", aliases: ["a100", "a100-80gb", "a100-sxm4-80gb", "a100-sxm", "nvidia-a100-sxm4-80gb"],
        vendor: "NVIDIA", hbmBytes: .gib(80), hbmBandwidth: .gbps(2039),
        densePeak: [.fp32: .tera(19.5), .tf32: .tera(156), .bf16: .tera(312), .fp16: .tera(312)],
        scaleUpBandwidthPerDirection: .gbps(300), scaleUpLink: "nvlink3", hostLink: "pcie4",
        tdpWatts: 400, smCount: 108,
        source: "NVIDIA A100 Tensor Core GPU datasheet (80GB SXM); A100 whitepaper Table 1")

    // NVIDIA A100 Tensor Core GPU datasheet (2021), 80GB PCIe column: same tensor rates as SXM,
    // 80 GB HBM2e at 1,935 GB/s, 300 W, PCIe Gen4 64 GB/s (bidirectional); NVLink bridge for
    // pairs of cards only (600 GB/s bidirectional), so a node is PCIe-connected. 108 SMs.
    static let a100PCIe = GPUSpec(
        name: "a100-pcie", aliases: ["a100-pcie-80gb", "nvidia-a100-pcie-80gb", "a100-80gb-pcie"],
        vendor: "NVIDIA", hbmBytes: .gib(80), hbmBandwidth: .gbps(1935),
        densePeak: [.fp32: .tera(19.5), .tf32: .tera(156), .bf16: .tera(312), .fp16: .tera(312)],
        scaleUpBandwidthPerDirection: .zero, scaleUpLink: nil, hostLink: "pcie4",
        tdpWatts: 300, smCount: 108,
        source: "NVIDIA A100 Tensor Core GPU datasheet (80GB PCIe); A100 whitepaper Table 1")

    // NVIDIA A100 Tensor Core GPU datasheet (2021), 40GB PCIe column: 40 GB HBM2 at
    // 1,555 GB/s, 250 W, PCIe Gen4; tensor rates as SXM. 108 SMs. (nccl_public.csv's
    // "A100-PCIe-40GB" rows.)
    static let a100PCIe40 = GPUSpec(
        name: "a100-pcie-40gb", aliases: ["nvidia-a100-pcie-40gb"],
        vendor: "NVIDIA", hbmBytes: .gib(40), hbmBandwidth: .gbps(1555),
        densePeak: [.fp32: .tera(19.5), .tf32: .tera(156), .bf16: .tera(312), .fp16: .tera(312)],
        scaleUpBandwidthPerDirection: .zero, scaleUpLink: nil, hostLink: "pcie4",
        tdpWatts: 250, smCount: 108,
        source: "NVIDIA A100 Tensor Core GPU datasheet (40GB PCIe); A100 whitepaper Table 1")

    // NVIDIA L40S datasheet (nvidia.com, 2023): FP32 91.6 TF, TF32 183 TF, BF16/FP16
    // 362.05 TF, FP8 733 TF (dense; sparsity doubles), 48 GB GDDR6 with ECC at 864 GB/s,
    // 350 W, PCIe Gen4 x16, no NVLink. 142 SMs (18,176 CUDA cores / 128 per Ada SM).
    static let l40s = GPUSpec(
        name: "l40s", aliases: ["nvidia-l40s", "l40s-48gb"],
        vendor: "NVIDIA", hbmBytes: .gib(48), hbmBandwidth: .gbps(864),
        densePeak: [.fp32: .tera(91.6), .tf32: .tera(183), .bf16: .tera(362.05), .fp16: .tera(362.05), .fp8: .tera(733)],
        scaleUpBandwidthPerDirection: .zero, scaleUpLink: nil, hostLink: "pcie4",
        tdpWatts: 350, smCount: 142,
        source: "NVIDIA L40S datasheet")

    // NVIDIA A10 datasheet (nvidia.com, 2021): FP32 31.2 TF, TF32 62.5 TF, BF16/FP16 125 TF
    // (dense; sparsity doubles), 24 GB GDDR6 at 600 GB/s, 150 W, PCIe Gen4, no NVLink.
    // 72 SMs (9,216 CUDA cores / 128 per GA102 SM).
    static let a10 = GPUSpec(
        name: "a10", aliases: ["nvidia-a10", "a10-24gb"],
        vendor: "NVIDIA", hbmBytes: .gib(24), hbmBandwidth: .gbps(600),
        densePeak: [.fp32: .tera(31.2), .tf32: .tera(62.5), .bf16: .tera(125), .fp16: .tera(125)],
        scaleUpBandwidthPerDirection: .zero, scaleUpLink: nil, hostLink: "pcie4",
        tdpWatts: 150, smCount: 72,
        source: "NVIDIA A10 Tensor Core GPU datasheet")

    // NVIDIA V100 Tensor Core GPU datasheet (2020), SXM2 column: FP32 15.7 TF, tensor (FP16)
    // 125 TF, 32 GB HBM2 at 900 GB/s, NVLink 300 GB/s (bidirectional: 6 NVLink2 links ×
    // 25 GB/s per direction), 300 W. No BF16 or TF32 (leave them out: peak() falls back to
    // FP16 for bf16, FP32 for tf32). 80 SMs: NVIDIA Tesla V100 whitepaper (2017), Table 1.
    // DGX-1 joins the eight SXM2 parts in a hybrid cube-mesh, not a switch.
    static let v100 = GPUSpec(
        name: "v100", aliases: ["v100-sxm2", "v100-sxm2-32gb", "v100-32gb", "tesla-v100-sxm2-32gb"],
        vendor: "NVIDIA", hbmBytes: .gib(32), hbmBandwidth: .gbps(900),
        densePeak: [.fp32: .tera(15.7), .fp16: .tera(125)],
        scaleUpBandwidthPerDirection: .gbps(150), scaleUpLink: "nvlink2", scaleUpSwitched: false, hostLink: "pcie3",
        tdpWatts: 300, smCount: 80,
        source: "NVIDIA V100 Tensor Core GPU datasheet (SXM2 32GB); Tesla V100 whitepaper Table 1")

    // AMD Instinct MI300X data sheet (amd.com, 2023): FP32 (matrix) 163.4 TF, TF32 653.7 TF,
    // BF16/FP16 1,307.4 TF, FP8 2,614.9 TF (dense; sparsity doubles), 192 GB HBM3 at 5.3 TB/s,
    // 750 W, 304 CUs, 7 Infinity Fabric links × 128 GB/s bidirectional (64 GB/s per direction
    // = 448 GB/s per GPU) in a full mesh of 8 OAMs, PCIe Gen5 x16.
    static let mi300x = GPUSpec(
        name: "mi300x", aliases: ["amd-mi300x", "instinct-mi300x", "mi300x-oam", "amd-instinct-mi300x"],
        vendor: "AMD", hbmBytes: .gib(192), hbmBandwidth: .gbps(5300),
        densePeak: [.fp32: .tera(163.4), .tf32: .tera(653.7), .bf16: .tera(1307.4), .fp16: .tera(1307.4), .fp8: .tera(2614.9)],
        scaleUpBandwidthPerDirection: .gbps(448), scaleUpLink: "infinity-fabric", scaleUpSwitched: false, hostLink: "pcie5",
        tdpWatts: 750, smCount: 304,
        source: "AMD Instinct MI300X data sheet")
}
