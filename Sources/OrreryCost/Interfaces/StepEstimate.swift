import OrreryCore

/// Where a training step's time goes, per GPU on the critical path. The total is derived.
public struct TimeBreakdown: Hashable, Sendable {
    /// Forward + backward math that is not recomputation (GEMMs, attention, elementwise).
    public var compute: Seconds = .zero
    /// Forward passes repeated in backward because of activation recomputation.
    public var recompute: Seconds = .zero
    /// Communication left exposed (not hidden behind compute), per parallel axis.
    public var tpComm: Seconds = .zero
    public var cpComm: Seconds = .zero
    public var epComm: Seconds = .zero
    public var ppComm: Seconds = .zero
    public var dpComm: Seconds = .zero
    /// Pipeline idle time.
    public var bubble: Seconds = .zero
    /// Optimizer step (and its gradient clipping, main-grad handling).
    public var optimizer: Seconds = .zero
    /// Fixed per-step overheads (kernel launches, data loading, logging).
    public var overhead: Seconds = .zero

    public init() {}

    public var total: Seconds { compute + recompute + tpComm + cpComm + epComm + ppComm + dpComm + bubble + optimizer + overhead }

    /// Named terms, in report order.
    public var terms: [(name: String, time: Seconds)] {
        [("compute", compute), ("recompute", recompute), ("tp_comm", tpComm), ("cp_comm", cpComm),
         ("ep_comm", epComm), ("pp_comm", ppComm), ("dp_comm", dpComm), ("bubble", bubble),
         ("optimizer", optimizer), ("overhead", overhead)]
    }
}

/// Per-GPU memory at the step's peak, by category. The total is derived.
public struct MemoryBreakdown: Hashable, Sendable {
    public var weights: Bytes = .zero
    public var gradients: Bytes = .zero
    public var optimizerStates: Bytes = .zero
    /// Saved activations of all in-flight micro-batches at the peak.
    public var activations: Bytes = .zero
    /// Transient peak on top (logits + cross-entropy, workspace, recompute buffers).
    public var transient: Bytes = .zero
    /// Allocator fragmentation / caching and CUDA context.
    public var overhead: Bytes = .zero

    public init() {}

    public var total: Bytes { weights + gradients + optimizerStates + activations + transient + overhead }

    public var terms: [(name: String, bytes: Bytes)] {
        [("weights", weights), ("gradients", gradients), ("optimizer_states", optimizerStates),
         ("activations", activations), ("transient", transient), ("overhead", overhead)]
    }
}

/// A training step's predicted cost on one layout.
public struct StepEstimate: Hashable, Sendable {
    public var stepTime: Seconds
    public var time: TimeBreakdown
    public var memory: MemoryBreakdown
    /// Whether the peak fits in the GPU's memory (capacity minus reserve).
    public var fits: Bool
    /// Model FLOPs per step, Megatron-LM `num_floating_point_operations` convention.
    public var modelFLOPs: FLOPs
    public var tokensPerSecondPerGPU: Double
    /// Model FLOP/s per GPU divided by the GPU's dense bf16 peak.
    public var mfu: Double
    /// How kernel times were obtained ("calibration table h100-sxm-80gb" or "roofline").
    public var kernelSource: String
    public var diagnostics: [Diagnostic]
    /// GPU time per step in kernels of each operator kind, on the slowest pipeline stage
    /// (compute and recomputation; communication is in `time`).
    public var gpuBusyByKind: [OpKind: Seconds] = [:]

    public init(stepTime: Seconds, time: TimeBreakdown, memory: MemoryBreakdown, fits: Bool, modelFLOPs: FLOPs,
                tokensPerSecondPerGPU: Double, mfu: Double, kernelSource: String, diagnostics: [Diagnostic] = []) {
        self.stepTime = stepTime
        self.time = time
        self.memory = memory
        self.fits = fits
        self.modelFLOPs = modelFLOPs
        self.tokensPerSecondPerGPU = tokensPerSecondPerGPU
        self.mfu = mfu
        self.kernelSource = kernelSource
        self.diagnostics = diagnostics
    }
}

/// Estimates one training step of a configuration on a cluster.
public protocol StepEstimating: Sendable {
    func estimate(_ config: TrainingConfig, on cluster: ClusterSpec) throws -> StepEstimate
}
