/// GPU catalog entries. Dense (non-sparse) tensor-core peaks; vendor "GB" of HBM are 1e9 B
/// except where the part is sold in GiB (H100/A100 80 GB modules hold 80 GiB).
enum GPUCatalogEntries {
    static let all: [GPUSpec] = [h100SXM, a100SXM80]

    // NVIDIA H100 Tensor Core GPU datasheet (nvidia.com, DS-11261, 2023), SXM5 column:
    // FP64 TC 67 TF, TF32 494.7 TF, BF16/FP16 989.4 TF, FP8 1,978.9 TF (dense = half the
    // "with sparsity" figures), 80 GB HBM3 at 3.35 TB/s, NVLink 900 GB/s (bidirectional),
    // up to 700 W. 132 SMs: NVIDIA H100 whitepaper (GTC 2022), Table 3.
    static let h100SXM = GPUSpec(
        name: "h100-sxm", aliases: ["h100", "h100-sxm5", "h100-sxm-80gb", "h100-sxm5-80gb", "h100-80gb-hbm3"],
        vendor: "NVIDIA", hbmBytes: .gib(80), hbmBandwidth: .gbps(3350),
        densePeak: [.fp32: .tera(66.9), .tf32: .tera(494.7), .bf16: .tera(989.4), .fp16: .tera(989.4), .fp8: .tera(1978.9)],
        scaleUpBandwidthPerDirection: .gbps(450), scaleUpLink: "nvlink4", hostLink: "pcie5",
        tdpWatts: 700, smCount: 132, kernelTable: "h100-sxm-80gb",
        source: "NVIDIA H100 Tensor Core GPU datasheet (SXM5); H100 whitepaper Table 3")

    // NVIDIA A100 Tensor Core GPU datasheet (nvidia.com, 2021), 80GB SXM column: FP32 19.5 TF,
    // TF32 156 TF, BF16/FP16 312 TF (dense), 80 GB HBM2e at 2,039 GB/s, NVLink 600 GB/s
    // (bidirectional), 400 W. 108 SMs: NVIDIA A100 whitepaper (2020), Table 1.
    static let a100SXM80 = GPUSpec(
        name: "a100-sxm-80gb", aliases: ["a100-80gb", "a100-sxm4-80gb", "a100-sxm"],
        vendor: "NVIDIA", hbmBytes: .gib(80), hbmBandwidth: .gbps(2039),
        densePeak: [.fp32: .tera(19.5), .tf32: .tera(156), .bf16: .tera(312), .fp16: .tera(312)],
        scaleUpBandwidthPerDirection: .gbps(300), scaleUpLink: "nvlink3", hostLink: "pcie4",
        tdpWatts: 400, smCount: 108,
        source: "NVIDIA A100 Tensor Core GPU datasheet (80GB SXM); A100 whitepaper Table 1")
}
