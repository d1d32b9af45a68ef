import OrreryCore

/// The priced operators of one pipeline stage for one micro-batch, and their times under
/// the host/GPU timeline.
struct TrainingPass: Sendable {
    var embedding: [Op] = []
    /// One entry per layer of the stage (dense and MoE layers may differ).
    var layers: [[Op]] = []
    var head: [Op] = []
    var recompute: Recompute
    /// `recompute == .full`: how many of the stage's layers are recomputed (Megatron
    /// `--recompute-num-layers`); nil = all.
    var recomputeLayers: Int?

    var allOps: [Op] { embedding + layers.flatMap { $0 } + head }

    func isRecomputed(_ layerIndex: Int) -> Bool {
        guard recompute == .full else { return false }
        return layerIndex < (recomputeLayers ?? layers.count)
    }

    /// Kernels of forward recomputation for one layer (full: the whole layer; selective: the
    /// attention core).
    func recomputeKernels(_ layerIndex: Int) -> [KernelCall] {
        switch recompute {
        case .none: return []
        case .full: return isRecomputed(layerIndex) ? layers[layerIndex].flatMap(\.forward) : []
        case .selective: return layers[layerIndex].filter { $0.kind == .attention }.flatMap(\.forward)
        }
    }

    /// Bytes of one layer's input (tokens × hidden × residual element size): all a fully
    /// recomputed (checkpointed) layer keeps.
    var layerInputBytes: Bytes = .zero

    /// Activation bytes saved by one layer under the recompute policy.
    func savedBytes(layer index: Int) -> Bytes {
        let ops = layers[index]
        if isRecomputed(index) { return layerInputBytes }
        let all = ops.map(\.savedBytes).sum()
        return recompute == .selective ? all - ops.map(\.selectiveRecomputeBytes).sum() : all
    }

    /// Activation bytes saved by the stage for one micro-batch (layers, embedding, head).
    var savedBytes: Bytes {
        layers.indices.map { savedBytes(layer: $0) }.sum() + (embedding + head).map(\.savedBytes).sum()
    }

    /// Forward and backward of one micro-batch on a fresh timeline.
    func run(host: HostOverheadModel, on timeline: inout StreamTimeline) -> (forwardEnd: Seconds, backwardStart: Seconds) {
        for op in embedding { timeline.run(op.forward) }
        for layer in layers { for op in layer { timeline.run(op.forward) } }
        for op in head { timeline.run(op.forward) }
        let forwardEnd = timeline.elapsed
        timeline.hostWork(host.backwardCall)
        for op in head.reversed() { timeline.run(op.backward) }
        for i in layers.indices.reversed() {
            timeline.run(recomputeKernels(i))
            for op in layers[i].reversed() { timeline.run(op.backward) }
        }
        for op in embedding.reversed() { timeline.run(op.backward) }
        return (forwardEnd, forwardEnd)
    }
}
