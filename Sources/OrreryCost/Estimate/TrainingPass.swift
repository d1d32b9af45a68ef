import OrreryCore

/// The priced operators of one pipeline stage for one micro-batch, and their times under
/// the host/GPU timeline.
struct TrainingPass: Sendable {
    var embedding: [Op] = []
    /// One entry per layer of the stage (dense and MoE layers may differ).
    var layers: [[Op]] = []
    /// Which distinct layer graph each layer uses (layers with equal ids issue identical kernels).
    var layerVariant: [Int] = []
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

    /// Host work with no kernel (it cannot delay the GPU beyond the host's own clock).
    func hostOnly(_ name: String, _ t: Seconds) -> KernelCall {
        KernelCall(name: name, kind: .elementwise, gpuTime: .zero, hostTime: t)
    }

    /// Runs of consecutive layers that issue identical kernels: (first index, count).
    func identicalRuns(_ same: (Int, Int) -> Bool) -> [(start: Int, count: Int)] {
        var runs: [(start: Int, count: Int)] = []
        for i in layers.indices {
            if let last = runs.last, same(last.start, i) { runs[runs.count - 1].count += 1 } else { runs.append((i, 1)) }
        }
        return runs
    }

    /// Forward and backward of one micro-batch on `timeline`.
    func run(host: HostOverheadModel, on timeline: inout StreamTimeline) {
        let variant = layerVariant
        for op in embedding { timeline.run(op.forward) }
        for r in identicalRuns({ variant[$0] == variant[$1] && isRecomputed($0) == isRecomputed($1) }) {
            let bookkeeping = isRecomputed(r.start) ? [hostOnly("checkpoint", host.checkpointForward)] : []
            timeline.run(bookkeeping + layers[r.start].flatMap(\.forward), times: r.count)
        }
        for op in head { timeline.run(op.forward) }
        timeline.hostWork(host.backwardCall)
        for op in head.reversed() { timeline.run(op.backward) }
        let backwardRuns = identicalRuns { variant[$0] == variant[$1] && isRecomputed($0) == isRecomputed($1) }
        for r in backwardRuns.reversed() {
            let bookkeeping = isRecomputed(r.start) ? [hostOnly("checkpoint.recompute", host.checkpointRecompute)] : []
            let kernels = bookkeeping + recomputeKernels(r.start) + layers[r.start].reversed().flatMap(\.backward)
            timeline.run(kernels, times: r.count)
        }
        for op in embedding.reversed() { timeline.run(op.backward) }
    }
}
