import OrreryCore

/// Compute time of one unit of work (a layer, the embedding, the head) for one
/// micro-batch on one GPU, split the way pipeline schedules need it.
public struct PassTimes: Hashable, Sendable {
    /// Forward pass.
    public var forward: Seconds
    /// Backward pass for input (activation) gradients.
    public var backwardInput: Seconds
    /// Backward pass for weight gradients (separable for zero-bubble schedules).
    public var backwardWeight: Seconds
    /// Forward recomputation done in backward under the layout's recompute policy.
    public var recompute: Seconds

    public init(forward: Seconds, backwardInput: Seconds, backwardWeight: Seconds, recompute: Seconds = .zero) {
        self.forward = forward
        self.backwardInput = backwardInput
        self.backwardWeight = backwardWeight
        self.recompute = recompute
    }

    public var backward: Seconds { backwardInput + backwardWeight + recompute }
    public var total: Seconds { forward + backward }
    public static let zero = PassTimes(forward: .zero, backwardInput: .zero, backwardWeight: .zero)
}

/// Per-micro-batch compute and communication volumes the simulator and planner schedule.
/// Times are for one GPU of a tensor-parallel group, compute only (no communication);
/// byte counts follow `CollectiveOp`'s size convention.
public protocol TrainingComputeModel: Sendable {
    /// One transformer layer (index 0-based; MoE and dense layers may differ).
    func layer(_ index: Int, config: TrainingConfig, gpu: GPUSpec) throws -> PassTimes
    /// Token (+ position) embedding.
    func embedding(config: TrainingConfig, gpu: GPUSpec) throws -> PassTimes
    /// Final norm, logits and cross-entropy loss.
    func head(config: TrainingConfig, gpu: GPUSpec) throws -> PassTimes
    /// Optimizer step over `parameters` parameters held by this GPU.
    func optimizerStep(parameters: Int, config: TrainingConfig, gpu: GPUSpec) throws -> Seconds
    /// Tensor-parallel collectives of one layer's forward (backward mirrors them).
    func tensorParallelTraffic(layer index: Int, config: TrainingConfig) -> [(op: CollectiveOp, bytes: Bytes)]
    /// Activation bytes sent between pipeline stages per micro-batch.
    func pipelineMessageBytes(config: TrainingConfig) -> Bytes
}
