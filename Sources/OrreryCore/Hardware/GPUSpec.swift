/// Number formats a GPU computes in, for peak-rate look-ups.
public enum ComputeDType: String, CaseIterable, Codable, Sendable {
    case fp32, tf32, bf16, fp16, fp8
}

/// One accelerator model: dense peak rates, memory and scale-up bandwidth, each from a
/// vendor datasheet or whitepaper named in `sources`.
public struct GPUSpec: Hashable, Sendable {
    /// Catalog key, lower-case with dashes (`h100-sxm`).
    public var name: String
    /// Other spellings accepted on input (`h100`, `H100-SXM5-80GB`).
    public var aliases: [String]
    public var vendor: String
    /// HBM capacity in bytes (vendor GB = 1e9 B unless the vendor states GiB).
    public var hbmBytes: Bytes
    /// Peak HBM bandwidth.
    public var hbmBandwidth: BytesPerSecond
    /// Dense (no sparsity) peak rates per number format; a missing key means unsupported.
    public var densePeak: [ComputeDType: FLOPsPerSecond]
    /// Scale-up (NVLink / Infinity Fabric) bandwidth per GPU, per direction; zero when none.
    public var scaleUpBandwidthPerDirection: BytesPerSecond
    /// Catalog name of the scale-up link (`nvlink4`), or nil for PCIe-only parts.
    public var scaleUpLink: String?
    /// Whether the reference node joins the scale-up links through a switch (NVSwitch), so
    /// any pair of GPUs talks at the full per-GPU bandwidth; false for point-to-point
    /// meshes (V100 SXM2 hybrid cube-mesh, MI300X Infinity Fabric full mesh).
    public var scaleUpSwitched: Bool
    /// Host link (`pcie5`).
    public var hostLink: String
    /// Board power in watts.
    public var tdpWatts: Double
    /// Streaming multiprocessors / compute units.
    public var smCount: Int
    /// Name of the shipped kernel calibration table set, if any (`h100-sxm-80gb`).
    public var kernelTable: String?
    /// Where each number comes from.
    public var source: String

    public init(name: String, aliases: [String] = [], vendor: String, hbmBytes: Bytes,
                hbmBandwidth: BytesPerSecond, densePeak: [ComputeDType: FLOPsPerSecond],
                scaleUpBandwidthPerDirection: BytesPerSecond, scaleUpLink: String?,
                scaleUpSwitched: Bool = true, hostLink: String, tdpWatts: Double, smCount: Int, kernelTable: String? = nil,
                source: String) {
        self.name = name
        self.aliases = aliases
        self.vendor = vendor
        self.hbmBytes = hbmBytes
        self.hbmBandwidth = hbmBandwidth
        self.densePeak = densePeak
        self.scaleUpBandwidthPerDirection = scaleUpBandwidthPerDirection
        self.scaleUpLink = scaleUpLink
        self.scaleUpSwitched = scaleUpSwitched
        self.hostLink = hostLink
        self.tdpWatts = tdpWatts
        self.smCount = smCount
        self.kernelTable = kernelTable
        self.source = source
    }

    /// Dense peak for a format; falls back to the next wider format the GPU has
    /// (fp8 → bf16 → fp16 → tf32 → fp32; bf16 and fp16 stand in for each other; tf32 → fp32,
    /// so a V100, which has no TF32 tensor cores, runs "tf32" at its FP32 rate).
    public func peak(_ dtype: ComputeDType) -> FLOPsPerSecond {
        if let p = densePeak[dtype] { return p }
        let wider: [ComputeDType]
        switch dtype {
        case .fp8: wider = [.bf16, .fp16, .tf32, .fp32]
        case .bf16: wider = [.fp16, .tf32, .fp32]
        case .fp16: wider = [.bf16, .tf32, .fp32]
        case .tf32: wider = [.fp32]
        case .fp32: wider = []
        }
        let lastResort: [ComputeDType] = [.bf16, .fp16, .tf32, .fp32]
        for d in wider + lastResort { if let p = densePeak[d] { return p } }
        return .zero
    }

    /// Whether the part has its own peak for `dtype` (no fallback).
    public func supports(_ dtype: ComputeDType) -> Bool { densePeak[dtype] != nil }
}
