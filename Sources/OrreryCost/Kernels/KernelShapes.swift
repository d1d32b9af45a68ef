import OrreryCore

/// Elementwise, normalisation and loss kernels, named as in the calibration `elementwise.csv`.
public enum ElementwiseKind: String, Sendable, CaseIterable {
    case layerNorm = "layernorm"
    case rmsNorm = "rmsnorm"
    case geluTanh = "gelu_tanh"
    /// `silu(gate) * up` (two kernels in eager PyTorch).
    case siluMul = "silu_mul"
    case add
    /// `F.cross_entropy(logits.float(), target)` over `cols` = vocabulary classes.
    case crossEntropy = "cross_entropy_fp32"
    /// Any other memory-bound kernel (cast, copy, scale, RoPE pieces), priced by its bytes.
    case memory

    /// Bytes the forward kernel(s) move per element, bf16 unless noted (used by the roofline).
    var forwardBytesPerElement: Double {
        switch self {
        case .layerNorm, .rmsNorm, .geluTanh: return 4
        case .siluMul: return 10      // silu: read 2 write 2; mul: read 4 write 2
        case .add: return 6
        case .crossEntropy: return 14 // cast bf16→fp32 (6), log_softmax fp32 (8)
        case .memory: return 1        // `elements` is given in bytes for memory kernels
        }
    }

    /// Bytes the backward kernel(s) move per element (no gradient accumulation).
    var backwardBytesPerElement: Double {
        switch self {
        case .layerNorm, .rmsNorm: return 10 // dx: read x, dy, write dx; dgamma/dbeta: read x, dy
        case .geluTanh: return 6
        case .siluMul: return 10
        case .add: return 0                 // gradient passes through
        case .crossEntropy: return 18       // nll grad (4), log_softmax bwd (12), cast to bf16 (6) less reuse
        case .memory: return 1
        }
    }

    /// How many gradient-accumulating leaf inputs the calibration measurement had.
    var calibrationLeaves: Int {
        switch self {
        case .siluMul, .add: return 2
        default: return 1
        }
    }
}

/// An attention call: `batch` sequences, `heads` query heads over `kvHeads` key/value heads,
/// `queryLen` new tokens attending to `keyLen` keys (prefill/training: equal; decode: 1…q).
public struct AttentionShape: Hashable, Sendable {
    public var batch: Int, heads: Int, kvHeads: Int, queryLen: Int, keyLen: Int, headDim: Int
    public var causal: Bool

    public init(batch: Int, heads: Int, kvHeads: Int, queryLen: Int, keyLen: Int, headDim: Int, causal: Bool) {
        self.batch = batch
        self.heads = heads
        self.kvHeads = kvHeads
        self.queryLen = queryLen
        self.keyLen = keyLen
        self.headDim = headDim
        self.causal = causal
    }

    /// Query–key pairs actually computed (causal: the lower triangle, offset for cached keys).
    public var scoredPairs: Double {
        let q = Double(queryLen), k = Double(keyLen)
        guard causal else { return q * k }
        let past = max(0, k - q)
        return q * past + q * (q + 1) / 2
    }

    /// Forward FLOPs: QKᵀ and PV, 2 FLOPs per multiply-add (FlashAttention convention,
    /// `benchmarks/benchmark_flash_attention.py`: 4·b·s²·h·d, halved for causal).
    public var forwardFLOPs: FLOPs { FLOPs(4 * Double(batch * heads * headDim) * scoredPairs) }

    /// Backward FLOPs: 2.5× forward (recomputed QKᵀ plus dV, dP, dQ, dK; FlashAttention-2 paper §3.1).
    public var backwardFLOPs: FLOPs { forwardFLOPs * 2.5 }

    /// Bytes of q, k, v and the output in bf16.
    public var ioBytes: Bytes {
        Bytes(2 * Double(batch * headDim) * (2 * Double(heads * queryLen) + 2 * Double(kvHeads * keyLen)))
    }
}
