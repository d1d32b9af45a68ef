import OrreryCore

/// How activations are stored in a pass, which decides element sizes and extra casts.
public enum ActivationRegime: String, Sendable {
    /// Module and activations in bf16 (Megatron bf16, `model.to(bfloat16)`).
    case bf16
    /// `torch.autocast(bfloat16)` over fp32 parameters: GEMMs and attention in bf16, norms and
    /// the residual stream in fp32, each fp32 weight cast to bf16 once per forward.
    case autocast
}

/// The per-GPU dimensions of one transformer layer for one micro-batch: the model's shape
/// with heads, key/value heads and the MLP width divided by tensor parallelism.
public struct LayerShape: Hashable, Sendable {
    public var family: ArchitectureFamily
    public var hidden: Int
    /// Query heads on this GPU.
    public var heads: Int
    /// Key/value heads on this GPU (at least 1: replicated when kv_heads < tp).
    public var kvHeads: Int
    public var headDim: Int
    /// MLP width on this GPU (per expert for MoE).
    public var ffn: Int
    public var qkvBias: Bool
    /// Sequences in the micro-batch.
    public var batch: Int
    /// New tokens per sequence in this pass.
    public var queryLen: Int
    /// Keys each new token attends to (queryLen for training/prefill; context + q for decode).
    public var keyLen: Int
    public var regime: ActivationRegime
    public var gemmDType: ComputeDType
    /// MoE: experts on this GPU, experts per token, and total experts (nil for dense).
    public var moe: MoEConfig?
    /// Whether backward will run (training) — inference passes save nothing.
    public var training: Bool
    /// Megatron sequence parallelism: norms, residual adds (and the activations they keep)
    /// work on this GPU's 1/tp slice of the tokens (Korthikanti et al. 2022 §4.2.2).
    public var sequenceParallelDegree: Int = 1

    public init(model: ModelArchitecture, tp: Int, batch: Int, queryLen: Int, keyLen: Int? = nil,
                regime: ActivationRegime, gemmDType: ComputeDType = .bf16, training: Bool) {
        let tp = max(tp, 1)
        self.family = model.family
        self.hidden = model.hidden
        self.heads = max(1, model.heads / tp)
        self.kvHeads = max(1, model.kvHeads / tp)
        self.headDim = model.headDim
        let expertFFN = model.moe?.expertFFNHidden ?? model.ffnHidden
        self.ffn = max(1, (model.moe == nil ? model.ffnHidden : expertFFN) / tp)
        self.qkvBias = model.family == .gpt || model.qkvBias
        self.batch = batch
        self.queryLen = queryLen
        self.keyLen = keyLen ?? queryLen
        self.regime = regime
        self.gemmDType = gemmDType
        self.moe = model.moe
        self.training = training
    }

    /// The shape of the model's dense (non-MoE) layers: the dense MLP width on this GPU.
    public func denseLayer(of model: ModelArchitecture, tp: Int) -> LayerShape {
        guard moe != nil else { return self }
        var shape = self
        shape.moe = nil
        shape.ffn = max(1, model.ffnHidden / max(tp, 1))
        return shape
    }

    /// Tokens in the pass (rows of every GEMM).
    public var tokens: Int { batch * queryLen }
    /// Tokens the norms and residual adds of this GPU see (all of them without sequence parallelism).
    public var normTokens: Int { max(1, tokens / max(sequenceParallelDegree, 1)) }
    public var queryWidth: Int { heads * headDim }
    public var kvWidth: Int { kvHeads * headDim }
    /// Bytes per element of the residual stream and norm inputs.
    public var residualBytes: Double { regime == .autocast ? 4 : 2 }
    public var attentionShape: AttentionShape {
        AttentionShape(batch: batch, heads: heads, kvHeads: kvHeads, queryLen: queryLen, keyLen: keyLen,
                       headDim: headDim, causal: true)
    }
}
