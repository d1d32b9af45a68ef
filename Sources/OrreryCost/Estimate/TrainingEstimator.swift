import OrreryCore

/// Prices training work — one layer or a whole step — from the operator graph, the GPU's
/// kernel model and the eager host-overhead timeline, and accounts memory per category.
public struct TrainingEstimator: Sendable {
    public var host: HostOverheadModel
    /// A user-supplied kernel table (from `profiler/kernels.py`) replacing the built-in one.
    public var kernelTable: KernelTable?
    public var collectives: any CollectiveCostModel
    /// Fraction of a calibration table's tensor-core (GEMM, attention) speed a training
    /// step sustains (`SustainedLoadKernelModel.trainingTensorCoreFraction`); 1 prices
    /// kernels exactly as the table measured them. The roofline is not scaled.
    public var sustainedTensorCoreFraction = SustainedLoadKernelModel.trainingTensorCoreFraction

    public init(host: HostOverheadModel = .eagerPyTorch, kernelTable: KernelTable? = nil,
                collectives: any CollectiveCostModel = NCCLCollectiveModel()) {
        self.host = host
        self.kernelTable = kernelTable
        self.collectives = collectives
    }

    func builder(_ config: TrainingConfig, gpu: GPUSpec) -> OpBuilder {
        var kernels = KernelModels.model(for: gpu, table: kernelTable)
        if kernels is CalibratedKernelModel, sustainedTensorCoreFraction < 1 {
            kernels = SustainedLoadKernelModel(base: kernels, tensorCoreFraction: sustainedTensorCoreFraction)
        }
        return OpBuilder(kernels: kernels, host: host,
                  regime: config.precision == .ampBF16 ? .autocast : .bf16, gemmDType: config.precision.computeDType)
    }

    /// Bytes the CUDA context, NCCL and the driver hold outside the caching allocator
    /// (assumed 0.9 GiB, typical of PyTorch 2.x on an H100: `nvidia-smi` used memory minus
    /// `torch.cuda.memory_reserved()` on an idle process).
    public static let reservedOutsideAllocator = Bytes.gib(0.9)
    /// The caching allocator's reserved-over-allocated excess at the peak (fragmentation of
    /// its 2 MiB-rounded segments; assumed 8%). PyTorch raises out-of-memory when it cannot
    /// grow *reserved* memory, so a peak of allocated bytes fits only with this slack; it errs
    /// towards predicting out-of-memory near the limit.
    public static let fragmentation = 0.08

    /// Whether an allocator peak fits the GPU.
    public static func fits(peak: Bytes, on gpu: GPUSpec) -> Bool {
        peak * (1 + fragmentation) + reservedOutsideAllocator <= gpu.hbmBytes
    }

    func pass(_ config: TrainingConfig, builder b: OpBuilder, layers: Range<Int>, withEmbedding: Bool, withHead: Bool) -> TrainingPass {
        let m = config.model, lay = config.layout
        let cp = max(lay.cp, 1)
        let queryLen = max(1, config.seqLen / cp)
        var shape = LayerShape(model: m, tp: lay.tp, batch: lay.microBatch, queryLen: queryLen, keyLen: config.seqLen,
                               regime: b.regime, gemmDType: b.gemmDType, training: true)
        shape.sequenceParallelDegree = lay.sequenceParallel ? max(lay.tp, 1) : 1
        let denseShape = shape.denseLayer(of: m, tp: lay.tp)
        let denseOps = LayerGraph.ops(denseShape, builder: b)
        let moeOps = m.moe == nil ? denseOps : LayerGraph.ops(moeShape(shape, config), builder: b)
        var pass = TrainingPass(recompute: lay.recompute, recomputeLayers: lay.recomputeLayers)
        pass.layers = layers.map { m.isMoELayer($0) ? moeOps : denseOps }
        pass.layerVariant = layers.map { m.isMoELayer($0) ? 1 : 0 }
        let tokens = lay.microBatch * queryLen
        // A checkpointed layer keeps its input: this GPU's token slice under sequence parallelism.
        pass.layerInputBytes = Bytes(Double(shape.normTokens) * Double(m.hidden) * shape.residualBytes)
        if withEmbedding { pass.embedding = ModelGraph.embedding(m, tokens: tokens, tp: lay.tp, training: true, builder: b) }
        if withHead { pass.head = ModelGraph.head(m, normTokens: tokens, logitTokens: tokens, tp: lay.tp, training: true, builder: b) }
        return pass
    }

    /// MoE layer shape on one GPU: experts divided over `ep`, tokens routed by top-k.
    func moeShape(_ s: LayerShape, _ config: TrainingConfig) -> LayerShape {
        guard var moe = s.moe else { return s }
        let ep = max(config.layout.ep, 1)
        moe.experts = max(1, moe.experts / ep)
        var shape = s
        shape.moe = moe
        return shape
    }

    // MARK: scope=layer

    /// One layer (index 0) of `config.model` on `gpu`, micro-batch × seq tokens.
    public func layer(_ config: TrainingConfig, gpu: GPUSpec) -> LayerEstimate {
        let b = builder(config, gpu: gpu)
        let p = pass(config, builder: b, layers: 0..<1, withEmbedding: false, withHead: false)
        let ops = p.layers[0]

        var forward = StreamTimeline(launchLatency: host.launchLatency)
        if p.isRecomputed(0) { forward.run(p.hostOnly("checkpoint", host.checkpointForward)) }
        for op in ops { forward.run(op.forward) }

        var full = StreamTimeline(launchLatency: host.launchLatency)
        p.run(host: host, on: &full)

        let m = config.model
        let layerParams = Double(m.isMoELayer(0) ? m.attentionParametersPerLayer + m.moeMLPParametersPerLayer
                                                 : m.attentionParametersPerLayer + m.denseMLPParametersPerLayer)
            / Double(max(config.layout.tp, 1))
        let paramBytes = ParameterMemory(precision: config.precision, optimizer: config.optimizer)
        let activations = p.savedBytes(layer: 0)
        let transient = largestTransient(ops, tokens: config.layout.microBatch * config.seqLen, hidden: m.hidden)
        let recomputeExtra = p.recompute == .full ? ops.map(\.savedBytes).sum() : .zero
        let peak = Bytes(layerParams * (paramBytes.weightBytes + paramBytes.gradientBytes)) + activations + recomputeExtra + transient
        let executed = ops.map { $0.forwardFLOPs + $0.backwardFLOPs }.sum() + p.recomputeKernels(0).map(\.flops).sum()
        return LayerEstimate(forward: forward.elapsed, forwardBackward: full.elapsed, activationBytes: activations,
                             peakMemory: peak, fits: Self.fits(peak: peak, on: gpu), executedFLOPs: executed,
                             busyByKind: full.busy, kernelSource: b.kernels.source)
    }

    /// The largest short-lived buffers of a layer's backward: an activation gradient of the
    /// widest tensor and one of the residual width.
    func largestTransient(_ ops: [Op], tokens: Int, hidden: Int) -> Bytes {
        let widest = ops.flatMap(\.forward).filter { $0.kind == .gemm }.map(\.bytes).max() ?? .zero
        return min(widest, Bytes(Double(tokens) * Double(hidden) * 16)) + Bytes(4 * Double(tokens * hidden))
    }
}
