import OrreryCore
import OrreryCost

/// One schedulable unit of a model chunk for one micro-batch on one GPU: the embedding, a
/// transformer layer or the head (final norm, logits, loss), with the communication it
/// puts on the critical path. Times in seconds, per GPU of the tensor-parallel group.
public struct WorkUnit: Hashable, Sendable {
    public enum Kind: String, Sendable { case embedding, layer, head }
    public var kind: Kind
    /// Model layer index (nil for embedding and head).
    public var layer: Int?
    public var pass: PassTimes
    /// Tensor-parallel collectives of the forward and of the backward (with full
    /// recomputation, the recomputed forward's too).
    public var tpForward: Seconds
    public var tpBackward: Seconds
    /// Context-parallel ring-attention exchange, overlapped with the unit's compute.
    public var cpForward: Seconds
    public var cpBackward: Seconds
    /// Parameters this GPU holds for the unit (tensor/expert shard).
    public var parameters: Double
}

/// A data-parallel gradient bucket of one model chunk (Megatron-LM DDP buckets), in
/// backward order: ready once `lastUnit` (an index into the chunk's units, which backward
/// visits from the end) has its gradients.
public struct GradientBucket: Hashable, Sendable {
    public var firstUnit: Int
    public var lastUnit: Int
    public var parameters: Double
    /// Reduce-scatter (ZeRO ≥ 1) or all-reduce of the bucket's gradients.
    public var reduce: Seconds
    /// All-gather of the bucket's updated parameters (ZeRO ≥ 1), else zero.
    public var gather: Seconds
}

/// Everything one training step asks of the cluster, priced: per virtual stage, the
/// units and buckets; per pipeline rank, the optimizer; the pipeline message; the
/// synchronisation before the optimizer.
public struct StepWork: Sendable {
    public var pp: Int
    public var vpp: Int
    public var dp: Int
    public var tp: Int
    public var cp: Int
    public var zero: Int
    public var microBatches: Int
    /// Units of each virtual stage (index chunk · pp + rank), in forward order.
    public var stages: [[WorkUnit]]
    /// Gradient buckets of each virtual stage, in the order backward fills them.
    public var buckets: [[GradientBucket]]
    /// Point-to-point activation (or gradient) message between adjacent stages.
    public var pipelineSend: Seconds
    /// Whether adjacent stages sit on different nodes (the message crosses the NICs).
    public var pipelineCrossesNodes: Bool
    /// Whether a data-parallel group spans nodes (its collectives cross the NICs).
    public var dataParallelCrossesNodes: Bool
    /// ZeRO-3: per-unit parameter all-gather and gradient reduce-scatter, every micro-batch.
    public var unitGather: [[Seconds]]
    public var unitReduce: [[Seconds]]
    /// Optimizer step on each pipeline rank.
    public var optimizer: [Seconds]
    /// Gradient-norm all-reduce over all ranks before the optimizer (a small message).
    public var synchronisation: Seconds
    /// Whether the tensor-parallel collectives run concurrently with the unit's compute
    /// (Megatron-Core `--tp-comm-overlap`) instead of after it.
    public var overlapTensorParallel: Bool
    /// Whether pipeline sends occupy the sender's compute stream (blocking p2p).
    public var blockingPipelineSends: Bool
    /// Whether ZeRO parameter all-gathers overlap the next step's forward
    /// (Megatron `--overlap-param-gather`) instead of following the optimizer.
    public var overlapParamGather: Bool
    /// Whether gradient buckets are reduced as backward fills them
    /// (Megatron `--overlap-grad-reduce`, PyTorch DDP) instead of after backward.
    public var overlapGradReduce: Bool

    /// Virtual stage of `chunk` on pipeline rank `rank`.
    public func virtualStage(rank: Int, chunk: Int) -> Int { chunk * pp + rank }
    public var virtualStageCount: Int { pp * vpp }
}
