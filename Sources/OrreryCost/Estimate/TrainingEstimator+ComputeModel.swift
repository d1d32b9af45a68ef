import OrreryCore

/// `TrainingEstimator` as the per-micro-batch work model the simulator schedules
/// (`TrainingComputeModel`). Additive: it prices the same operator graphs, kernel tables and
/// host timeline as `estimate(_:on:)`, one layer / the embedding / the head at a time.
///
/// Each time is the *steady-state* cost of issuing that work back to back on one stream
/// (the difference between 4 and 3 repetitions on a `StreamTimeline`), so the sum over a
/// stage's layers equals the stage's per-micro-batch time of the closed form, without a
/// launch latency per layer.
extension TrainingEstimator: TrainingComputeModel {
    /// Steady-state time of one repetition of `kernels` on one stream.
    func steadyState(_ kernels: [KernelCall]) -> Seconds {
        guard !kernels.isEmpty else { return .zero }
        var three = StreamTimeline(launchLatency: host.launchLatency)
        three.run(kernels, times: 3)
        var four = three
        four.run(kernels)
        return four.elapsed - three.elapsed
    }

    /// Splits a backward kernel sequence into input-gradient, weight-gradient and
    /// recomputation time. Weight gradients are the `wgrad` and `bias_grad` kernels
    /// (separable for zero-bubble schedules, Qi et al. 2023 "Zero Bubble Pipeline
    /// Parallelism" §2); recomputation is the forward kernels rerun in backward.
    func split(forward: [KernelCall], backward: [KernelCall], recompute: [KernelCall]) -> PassTimes {
        let total = steadyState(recompute + backward)
        let weight = backward.filter { $0.part == .wgrad || $0.part == .biasGrad }.map(\.gpuTime).sum()
        let rerun = recompute.map(\.gpuTime).sum()
        let input = max(.zero, total - weight - rerun)
        return PassTimes(forward: steadyState(forward), backwardInput: input, backwardWeight: weight, recompute: rerun)
    }

    public func layer(_ index: Int, config: TrainingConfig, gpu: GPUSpec) throws -> PassTimes {
        guard index >= 0, index < config.model.layers else {
            throw OrreryError.invalidValue(field: "layer", value: "\(index)", allowed: "0..<\(config.model.layers)")
        }
        let b = builder(config, gpu: gpu)
        // Full recompute of only some layers (`recomputeLayers`) is per stage; the caller
        // asks for the other layers with `recompute: .none`.
        let p = pass(config, builder: b, layers: index..<(index + 1), withEmbedding: false, withHead: false)
        let ops = p.layers[0]
        let recomputed = p.isRecomputed(0)
        let forward = (recomputed ? [p.hostOnly("checkpoint", host.checkpointForward)] : []) + ops.flatMap(\.forward)
        let rerun = (recomputed ? [p.hostOnly("checkpoint.recompute", host.checkpointRecompute)] : []) + p.recomputeKernels(0)
        return split(forward: forward, backward: ops.reversed().flatMap(\.backward), recompute: rerun)
    }

    public func embedding(config: TrainingConfig, gpu: GPUSpec) throws -> PassTimes {
        let b = builder(config, gpu: gpu)
        let p = pass(config, builder: b, layers: 0..<0, withEmbedding: true, withHead: false)
        return split(forward: p.embedding.flatMap(\.forward), backward: p.embedding.reversed().flatMap(\.backward), recompute: [])
    }

    public func head(config: TrainingConfig, gpu: GPUSpec) throws -> PassTimes {
        let b = builder(config, gpu: gpu)
        let p = pass(config, builder: b, layers: 0..<0, withEmbedding: false, withHead: true)
        return split(forward: p.head.flatMap(\.forward), backward: p.head.reversed().flatMap(\.backward), recompute: [])
    }

    /// One fused multi-tensor optimizer pass over `parameters` parameters: the bytes each
    /// parameter moves (the same table as `estimate(_:on:)`) at 85% of copy bandwidth, plus
    /// one dispatch per parameter tensor group.
    public func optimizerStep(parameters: Int, config: TrainingConfig, gpu: GPUSpec) throws -> Seconds {
        guard parameters >= 0 else {
            throw OrreryError.invalidValue(field: "parameters", value: "\(parameters)", allowed: ">= 0")
        }
        let bytesPerParameter: Double
        switch (config.precision, config.optimizer) {
        case (.ampBF16, .adamw): bytesPerParameter = 28
        case (.bf16, .adamw): bytesPerParameter = 14
        case (_, .adamw): bytesPerParameter = 30
        case (.ampBF16, .sgd): bytesPerParameter = 20
        case (.bf16, .sgd): bytesPerParameter = 10
        case (_, .sgd): bytesPerParameter = 22
        }
        let b = builder(config, gpu: gpu)
        let pp = max(config.layout.pp, 1)
        let perStage = (config.model.layers + pp - 1) / pp
        let stage = pass(config, builder: b, layers: 0..<min(perStage, config.model.layers), withEmbedding: true, withHead: pp == 1)
        return b.kernels.memoryKernel(bytes: bytesPerParameter * Double(parameters)) / 0.85
            + host.gemmDispatch * Double(stage.allOps.count / 4 + 10)
    }

    /// Megatron-LM tensor parallelism per layer forward (Shoeybi et al. 2019 §3; with
    /// sequence parallelism, Korthikanti et al. 2022 §4.2.2): two all-reduces of the layer's
    /// activations, or with sequence parallelism two all-gathers and two reduce-scatters.
    /// Bytes: micro-batch × tokens (per context-parallel rank) × hidden × 2 (bf16).
    public func tensorParallelTraffic(layer index: Int, config: TrainingConfig) -> [(op: CollectiveOp, bytes: Bytes)] {
        let lay = config.layout
        guard lay.tp > 1 else { return [] }
        let tokens = Double(lay.microBatch * max(1, config.seqLen / max(lay.cp, 1)))
        let bytes = Bytes(2 * tokens * Double(config.model.hidden))
        if lay.sequenceParallel {
            return [(.allGather, bytes), (.reduceScatter, bytes), (.allGather, bytes), (.reduceScatter, bytes)]
        }
        return [(.allReduce, bytes), (.allReduce, bytes)]
    }

    /// Activations one GPU sends to the next stage per micro-batch: micro-batch × tokens ×
    /// hidden × 2 bytes, split over the tensor-parallel ranks (sequence-parallel shards, or
    /// Megatron's scatter-gather of the replicated tensor: Narayanan et al. 2021 §4.1).
    public func pipelineMessageBytes(config: TrainingConfig) -> Bytes {
        let lay = config.layout
        let tokens = Double(lay.microBatch * max(1, config.seqLen / max(lay.cp, 1)))
        return Bytes(2 * tokens * Double(config.model.hidden) / Double(max(lay.tp, 1)))
    }
}
