/// Activation recomputation policy (Korthikanti et al. 2022, "Reducing Activation
/// Recomputation in Large Transformer Models").
public enum Recompute: String, Codable, Sendable, CaseIterable {
    /// Keep every activation the backward pass needs.
    case none
    /// Recompute the attention core (softmax, dropout, attention over V) only.
    case selective
    /// Keep only each layer's input; rerun the layer's forward in backward.
    case full
}

/// Parameter/gradient/optimizer precision regime of a training step.
public enum PrecisionMode: String, Codable, Sendable, CaseIterable {
    /// Everything in bf16 (params, grads, optimizer states).
    case bf16
    /// torch.autocast(bf16): fp32 parameters, fp32 grads, fp32 AdamW states.
    case ampBF16 = "amp-bf16"
    /// Megatron style: bf16 parameters, fp32 main grads, fp32 master copy + AdamW states.
    case bf16Mixed = "bf16-mixed"
    /// Transformer Engine FP8 GEMMs on top of bf16-mixed memory layout.
    case fp8

    /// Number format the matrix multiplies run in.
    public var computeDType: ComputeDType { self == .fp8 ? .fp8 : .bf16 }
}

/// Optimizer whose state the memory model and the optimizer step price.
public enum OptimizerKind: String, Codable, Sendable, CaseIterable {
    case adamw, sgd
}

/// A parallel layout as a named-axis grid. Ranks are ordered Megatron-style with tp
/// fastest: rank = tp_i + tp·(cp_i + cp·(dp_i + dp·pp_i)) (Megatron-LM
/// `parallel_state.initialize_model_parallel`, order "tp-cp-ep-dp-pp"; ep subdivides dp·cp).
public struct ParallelLayout: Hashable, Codable, Sendable {
    public var tp: Int
    public var pp: Int
    public var dp: Int
    public var cp: Int
    public var ep: Int
    /// Virtual pipeline stages (model chunks) per rank; 1 = no interleaving.
    public var vpp: Int
    /// ZeRO stage 0…3 (3 = FSDP full sharding) across the data-parallel group.
    public var zero: Int
    public var recompute: Recompute
    /// With `recompute == .full`: recompute only this many layers per stage (nil = all).
    public var recomputeLayers: Int?
    /// Megatron sequence parallelism for norms/dropout in tensor-parallel regions.
    public var sequenceParallel: Bool
    public var microBatch: Int
    public var globalBatch: Int

    public init(tp: Int = 1, pp: Int = 1, dp: Int = 1, cp: Int = 1, ep: Int = 1, vpp: Int = 1, zero: Int = 0,
                recompute: Recompute = .none, recomputeLayers: Int? = nil, sequenceParallel: Bool = false,
                microBatch: Int = 1, globalBatch: Int = 1) {
        self.tp = tp
        self.pp = pp
        self.dp = dp
        self.cp = cp
        self.ep = ep
        self.vpp = vpp
        self.zero = zero
        self.recompute = recompute
        self.recomputeLayers = recomputeLayers
        self.sequenceParallel = sequenceParallel
        self.microBatch = microBatch
        self.globalBatch = globalBatch
    }

    /// GPUs the layout occupies: tp·pp·dp·cp (ep reuses the dp·cp ranks).
    public var worldSize: Int { tp * pp * dp * cp }

    /// Micro-batches per step per pipeline: global / (dp · micro).
    public var microBatchesPerStep: Int { globalBatch / max(1, dp * microBatch) }
}
