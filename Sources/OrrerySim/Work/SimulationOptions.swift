import OrreryCore

/// How the simulated cluster runs the step, beyond the layout: the pipeline schedule,
/// which communication overlaps, an explicit layer split, the faults.
public struct SimulationOptions: Sendable {
    /// nil = Megatron's default for the layout (interleaved when vpp > 1, else 1F1B).
    public var schedule: ScheduleKind?
    /// Megatron-Core `--tp-comm-overlap`: TP collectives concurrent with the GEMMs.
    public var overlapTensorParallel = false
    /// Megatron `--overlap-grad-reduce` / PyTorch DDP: buckets reduced during backward.
    public var overlapGradReduce = true
    /// Megatron `--overlap-param-gather`: ZeRO all-gathers overlap the next forward.
    public var overlapParamGather = true
    /// Pipeline sends block the sender's compute stream until delivered (Megatron-LM
    /// 2021–2022 `p2p_communication._communicate`: `batch_isend_irecv`, then `wait()` and
    /// `torch.cuda.synchronize()`); false = sends on their own stream (Megatron-Core's
    /// default overlap of p2p communication).
    public var blockingPipelineSends = false
    /// Layers per virtual stage (pp · vpp entries summing to the model's layers); nil =
    /// an even split.
    public var layersPerStage: [Int]?
    /// Megatron DDP bucket size in parameters; nil = max(40,000,000, 1,000,000 · dp)
    /// (Megatron-LM `distributed_data_parallel.py`, `bucket_size` default).
    public var bucketParameters: Double?
    public var faults = FaultModel()
    /// Record every task's interval for a Chrome trace.
    public var recordTrace = false

    public init(schedule: ScheduleKind? = nil) { self.schedule = schedule }
}
