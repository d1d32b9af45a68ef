import OrreryCore

/// Roofline kernel times with size-dependent efficiency: tensor-core peak derated by the
/// fraction large kernels reach and by wave quantisation over the SMs, HBM bandwidth
/// derated by what a device-to-device copy reaches, plus a fixed kernel ramp.
///
/// The derating fractions are those of the H100 SXM calibration tables
/// (`H100SXMKernelTableData`): best bf16 GEMM 746 TFLOP/s of 989.4 peak (0.75); copy 2.97
/// of 3.35 TB/s (0.89). Attention efficiency grows with the keys a query block visits,
/// k (causal: half the key length on average), as `e·k/(k + k½)`, fitted to the tables'
/// causal SDPA at batch·heads ≥ 64: forward e = 0.66 (head_dim 128) / 0.48 (64), k½ = 215;
/// backward e = 0.50 / 0.43, k½ = 450 (e.g. head_dim 128 forward 630 TFLOP/s at 16k, 530
/// at 2k, 365 at 512). Other GPUs are assumed to reach the same fractions of their peaks.
public struct RooflineKernelModel: KernelTimeModel {
    public var gpu: GPUSpec
    public var source: String { "roofline (no kernel table for \(gpu.name))" }

    public var gemmEfficiency = 0.75
    /// Long-sequence attention efficiency at head_dim 64 and ≥128 (forward, backward).
    public var attentionForwardEfficiency = (d64: 0.48, d128: 0.66)
    public var attentionBackwardEfficiency = (d64: 0.43, d128: 0.50)
    /// Key length at which attention reaches half its long-sequence efficiency (forward, backward).
    public var attentionHalfEfficiencyKeys = (forward: 215.0, backward: 450.0)
    public var bandwidthEfficiency = 0.89
    /// Fixed cost of one kernel on the GPU (ramp-up and tail), seconds.
    public var kernelRamp = Seconds.microseconds(2)

    /// Dense peaks looked up once (the catalog stores them in a dictionary).
    let bf16Peak: Double
    let fp8Peak: Double

    public init(gpu: GPUSpec) {
        self.gpu = gpu
        bf16Peak = gpu.peak(.bf16).value
        fp8Peak = gpu.peak(.fp8).value
    }

    func peak(_ dtype: ComputeDType) -> Double {
        switch dtype {
        case .bf16, .fp16: return bf16Peak
        case .fp8: return fp8Peak
        default: return gpu.peak(dtype).value
        }
    }

    var bandwidth: Double { gpu.hbmBandwidth.value * bandwidthEfficiency }
    var sms: Double { Double(max(gpu.smCount, 1)) }

    /// Fraction of the SMs busy, averaged over waves, for `ctas` equal thread blocks.
    func waveEfficiency(_ ctas: Double) -> Double {
        guard ctas > 0 else { return 1 }
        let waves = (ctas / sms).rounded(.up)
        return ctas / (waves * sms)
    }

    public func gemm(m: Int, n: Int, k: Int, dtype: ComputeDType = .bf16) -> Seconds {
        let (m, n, k) = (Double(max(m, 1)), Double(max(n, 1)), Double(max(k, 1)))
        let flops = 2 * m * n * k
        let elementBytes = dtype == .fp8 ? 1.0 : 2.0
        let bytes = elementBytes * (m * k + k * n) + 2 * m * n
        // cuBLAS-like tiling: 128×256 tiles, split-K when the tiles do not fill the GPU.
        let tiles = (m / 128).rounded(.up) * (n / 256).rounded(.up)
        let split = max(1, min((sms / tiles).rounded(.down), (k / 512).rounded(.down)))
        let efficiency = waveEfficiency(tiles * split)
        let compute = flops / (peak(dtype) * gemmEfficiency * efficiency)
        let memory = bytes / bandwidth
        return Seconds(max(compute, memory)) + kernelRamp
    }

    /// Size-dependent attention efficiency (see the type's doc comment).
    func attentionEfficiency(_ s: AttentionShape, backward: Bool) -> Double {
        let e = backward ? attentionBackwardEfficiency : attentionForwardEfficiency
        let w = min(max((Double(s.headDim) - 64) / 64, 0), 1)
        let k = Double(max(s.keyLen, 1)) * (s.causal && s.queryLen > 1 ? 0.5 : 1)
        let half = backward ? attentionHalfEfficiencyKeys.backward : attentionHalfEfficiencyKeys.forward
        return (e.d64 + w * (e.d128 - e.d64)) * k / (k + half)
    }

    func attention(_ s: AttentionShape, flops: FLOPs, efficiency: Double, bytesFactor: Double) -> Seconds {
        let queryBlocks = (Double(s.queryLen) / 128).rounded(.up)
        var ctas = Double(s.batch * s.heads) * queryBlocks
        if ctas < 2 * sms {
            // Split-KV (flash-decoding) spreads long key ranges over more blocks.
            let splits = min((Double(s.keyLen) / 256).rounded(.up), (2 * sms / ctas).rounded(.up))
            ctas *= max(1, splits)
        }
        let compute = flops.value / (bf16Peak * efficiency * waveEfficiency(ctas))
        let memory = s.ioBytes.value * bytesFactor / bandwidth
        return Seconds(max(compute, memory)) + kernelRamp * 2
    }

    public func attentionForward(_ shape: AttentionShape) -> Seconds {
        attention(shape, flops: shape.forwardFLOPs, efficiency: attentionEfficiency(shape, backward: false), bytesFactor: 1)
    }

    public func attentionBackward(_ shape: AttentionShape) -> Seconds {
        attention(shape, flops: shape.backwardFLOPs, efficiency: attentionEfficiency(shape, backward: true), bytesFactor: 2.5)
    }

    public func elementwiseForward(_ kind: ElementwiseKind, rows: Int, cols: Int) -> Seconds {
        let bytes = Double(rows) * Double(cols) * kind.forwardBytesPerElement
        return Seconds(bytes / bandwidth) + kernelRamp * (kind == .siluMul || kind == .crossEntropy ? 2 : 1)
    }

    public func elementwiseBackward(_ kind: ElementwiseKind, rows: Int, cols: Int) -> Seconds {
        if kind == .add { return .zero }
        let bytes = Double(rows) * Double(cols) * kind.backwardBytesPerElement
        return Seconds(bytes / bandwidth) + kernelRamp * 2
    }
}
