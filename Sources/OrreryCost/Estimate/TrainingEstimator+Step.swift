import OrreryCore

extension TrainingEstimator: StepEstimating {
    /// One full training step of `config` on `cluster` (closed form over the priced stages).
    ///
    /// Single-stage runs are timed on one host/GPU timeline over the micro-batches, then the
    /// optimizer. With pipeline parallelism the slowest stage's forward+backward per
    /// micro-batch is repeated `m + (pp − 1)/vpp` times (1F1B; Narayanan et al. 2021 §2.2).
    /// Tensor-, context- and expert-parallel collectives are exposed in full; data-parallel
    /// gradient reduction overlaps the last micro-batch's backward (Megatron-LM
    /// `--overlap-grad-reduce`), all but one bucket.
    public func estimate(_ config: TrainingConfig, on cluster: ClusterSpec) throws -> StepEstimate {
        let lay = config.layout, m = config.model, gpu = cluster.gpu
        let b = builder(config, gpu: gpu)
        let pp = max(lay.pp, 1)
        let perStage = (m.layers + pp - 1) / pp
        let first = pass(config, builder: b, layers: 0..<min(perStage, m.layers), withEmbedding: true, withHead: pp == 1)
        let last = pp == 1 ? first : pass(config, builder: b, layers: max(0, m.layers - perStage)..<m.layers,
                                          withEmbedding: false, withHead: true)
        let microBatches = max(1, lay.microBatchesPerStep)
        let params = parameterCounts(config)
        let memoryPerParam = ParameterMemory(precision: config.precision, optimizer: config.optimizer).sharded(zero: lay.zero, dp: lay.dp)

        // Compute: one timeline per stage for one and two micro-batches, extrapolated to m.
        var breakdown = TimeBreakdown()
        let stageTimes = (pp == 1 ? [first] : [first, last]).map { stage -> (one: Seconds, perMicroBatch: Seconds, recompute: Seconds, busy: [OpKind: Seconds]) in
            var t1 = StreamTimeline(launchLatency: host.launchLatency)
            stage.run(host: host, on: &t1)
            let one = t1.elapsed
            var t2 = t1
            if config.precision == .ampBF16 || config.precision == .bf16 {
                // Accumulating into existing .grad tensors from the second micro-batch on.
                t2.run(b.memory("grad_accumulate", bytes: 3 * memoryPerParam.gradientBytes * params.firstStage, backward: true))
            }
            stage.run(host: host, on: &t2)
            let recompute = stage.layers.indices.map { stage.recomputeKernels($0).map(\.gpuTime).sum() }.sum()
            return (one, t2.elapsed - one, recompute, t1.busy)
        }
        let slowest = stageTimes.max { $0.perMicroBatch < $1.perMicroBatch }!
        let vpp = Double(max(lay.vpp, 1))
        let pipelineBubble = pp > 1 ? slowest.perMicroBatch * (Double(pp - 1) / vpp) : .zero
        let computeAll = pp == 1 ? slowest.one + slowest.perMicroBatch * Double(microBatches - 1)
                                 : slowest.perMicroBatch * Double(microBatches)
        breakdown.recompute = slowest.recompute * Double(microBatches)
        breakdown.compute = computeAll - breakdown.recompute
        breakdown.bubble = pipelineBubble

        // Communication.
        let tokens = Double(lay.microBatch * max(1, config.seqLen / max(lay.cp, 1)))
        let layersHere = Double(perStage)
        let gpn = cluster.gpusPerNode
        if lay.tp > 1 {
            let bytes = Bytes(2 * tokens * Double(m.hidden))
            let g = CommGroup(ranks: lay.tp, stride: 1, gpusPerNode: gpn)
            let perLayer = collectives.time(.allReduce, bytes: bytes, group: g, cluster: cluster) * 4
            let recomputeFactor = lay.recompute == .full ? 1.5 : 1
            breakdown.tpComm = perLayer * layersHere * Double(microBatches) * recomputeFactor
        }
        if lay.cp > 1 {
            let kvBytes = Bytes(2 * 2 * tokens * Double(m.kvHeads * m.headDim) / Double(max(lay.tp, 1)))
            let g = CommGroup(ranks: lay.cp, stride: lay.tp, gpusPerNode: gpn)
            breakdown.cpComm = collectives.time(.allGather, bytes: kvBytes * Double(lay.cp), group: g, cluster: cluster)
                * 3 * layersHere * Double(microBatches)
        }
        if let moe = m.moe, lay.ep > 1 {
            let bytes = Bytes(2 * tokens * Double(moe.topK) * Double(m.hidden))
            let g = CommGroup(ranks: lay.ep, stride: lay.tp * lay.cp, gpusPerNode: gpn)
            let moeLayersHere = Double(m.moeLayerCount) / Double(pp)
            breakdown.epComm = collectives.time(.allToAll, bytes: bytes, group: g, cluster: cluster) * 4 * moeLayersHere * Double(microBatches)
        }
        if pp > 1 {
            let bytes = Bytes(2 * tokens * Double(m.hidden))
            let g = CommGroup(ranks: 2, stride: lay.tp * lay.cp * lay.dp, gpusPerNode: gpn)
            breakdown.ppComm = collectives.time(.sendRecv, bytes: bytes, group: g, cluster: cluster)
                * 2 * Double(microBatches + pp - 1)
        }
        if lay.dp > 1 {
            // Gradients are reduced in their own dtype: fp32 main grads for amp-bf16 and for
            // Megatron bf16 (arguments.py turns on accumulate_allreduce_grads_in_fp32 with
            // --bf16); sharded states gather back the parameters in their dtype.
            let gradBytes = Bytes(params.firstStage * (config.precision == .bf16 ? 2 : 4))
            let paramBytes = Bytes(params.firstStage * (config.precision == .ampBF16 ? 4 : 2))
            let g = CommGroup(ranks: lay.dp, stride: lay.tp * lay.cp, gpusPerNode: gpn)
            let reduce = collectives.time(lay.zero >= 1 ? .reduceScatter : .allReduce, bytes: gradBytes, group: g, cluster: cluster)
            let gather = lay.zero >= 1 ? collectives.time(.allGather, bytes: paramBytes, group: g, cluster: cluster) : .zero
            let window = slowest.perMicroBatch * 0.6
            let buckets = 10.0
            breakdown.dpComm = max(reduce - window, reduce / buckets) + gather / buckets
            if lay.zero >= 3 {
                // Fully sharded: every layer's parameters are gathered again for each
                // micro-batch's forward and again for its backward, and its gradients are
                // reduce-scattered in each backward (ZeRO, Rajbhandari et al. 2020, arXiv
                // 1910.02054 §7.2.2; PyTorch FSDP, Zhao et al. 2023, arXiv 2304.11277 §3.3:
                // one collective per wrapped layer, the next layer's gather prefetched behind
                // the current layer's compute). Per micro-batch the forward's gathers hide
                // behind the forward (1/3 of the compute), the backward's gathers and
                // reduce-scatters behind the backward (2/3); what does not fit is exposed.
                let perLayer = max(layersHere, 1)
                let layerGather = collectives.time(.allGather, bytes: paramBytes / perLayer, group: g, cluster: cluster) * perLayer
                let layerReduce = collectives.time(.reduceScatter, bytes: gradBytes / perLayer, group: g, cluster: cluster) * perLayer
                let forward = slowest.perMicroBatch / 3, backward = slowest.perMicroBatch * (2.0 / 3.0)
                let exposedPerMicroBatch = max(.zero, layerGather - forward) + max(.zero, layerGather + layerReduce - backward)
                breakdown.dpComm = max(breakdown.dpComm, exposedPerMicroBatch * Double(microBatches))
            }
        }

        // Optimizer: one fused multi-tensor pass over this GPU's shard of the states.
        let optimizerBytesMoved: Double
        switch (config.precision, config.optimizer) {
        case (.ampBF16, .adamw): optimizerBytesMoved = 28        // p rw, g r, m rw, v rw (fp32)
        case (.bf16, .adamw): optimizerBytesMoved = 14
        case (_, .adamw): optimizerBytesMoved = 30                // main grad r, master rw, m rw, v rw, bf16 w
        case (.ampBF16, .sgd): optimizerBytesMoved = 20
        case (.bf16, .sgd): optimizerBytesMoved = 10
        case (_, .sgd): optimizerBytesMoved = 22
        }
        let optimizerShard = lay.zero >= 1 ? params.firstStage / Double(max(lay.dp, 1)) : params.firstStage
        // Multi-tensor-apply reaches ~85% of copy bandwidth (assumed).
        breakdown.optimizer = b.kernels.memoryKernel(bytes: optimizerBytesMoved * optimizerShard) / 0.85
            + host.gemmDispatch * Double(first.allOps.count / 4 + 10)

        let stepTime = breakdown.total
        let memory = memoryBreakdown(config, first: first, last: last, params: params, perParam: memoryPerParam, microBatches: microBatches)
        let peak = memory.total
        let modelFLOPs = ModelFLOPs.trainingStep(m, seqLen: config.seqLen, globalBatch: lay.globalBatch)
        let gpus = Double(max(lay.worldSize, 1))
        let tokensPerSecond = Double(lay.globalBatch * config.seqLen) / stepTime.value / gpus
        let mfu = modelFLOPs.value / stepTime.value / gpus / gpu.peak(.bf16).value
        var estimate = StepEstimate(stepTime: stepTime, time: breakdown, memory: memory, fits: Self.fits(peak: peak, on: gpu),
                                    modelFLOPs: modelFLOPs, tokensPerSecondPerGPU: tokensPerSecond, mfu: mfu,
                                    kernelSource: b.kernels.source)
        estimate.gpuBusyByKind = slowest.busy.mapValues { $0 * Double(microBatches) }
        estimate.gpuBusyByKind[.optimizer] = b.kernels.memoryKernel(bytes: optimizerBytesMoved * optimizerShard) / 0.85
        return estimate
    }

    /// Parameters held by one GPU of the first pipeline stage (and of the last stage).
    func parameterCounts(_ config: TrainingConfig) -> (firstStage: Double, lastStage: Double, layer: Double) {
        let m = config.model, lay = config.layout
        let tp = Double(max(lay.tp, 1)), pp = max(lay.pp, 1)
        let perStage = (m.layers + pp - 1) / pp
        var layerTotal = 0.0
        for i in 0..<m.layers {
            let mlp = m.isMoELayer(i)
                ? Double(m.moeMLPParametersPerLayer - (m.moe!.experts - m.moe!.experts / max(lay.ep, 1)) * m.expertParameters)
                : Double(m.denseMLPParametersPerLayer)
            layerTotal += (Double(m.attentionParametersPerLayer) + mlp) / tp
        }
        let perLayer = layerTotal / Double(m.layers)
        let embedding = Double(m.embeddingParameters) / tp
        let output = Double(m.tiedEmbeddings && pp == 1 ? 0 : m.vocab * m.hidden) / tp
        let norm = Double(m.finalNormParameters)
        let first = perLayer * Double(perStage) + embedding + (pp == 1 ? output + norm : 0)
        let last = pp == 1 ? first : perLayer * Double(perStage) + output + norm
        return (first, last, perLayer)
    }

    /// Allocator peak per category on the worse of the first and last pipeline stages.
    ///
    /// Candidates: (1) the start of the last micro-batch's backward — weights, optimizer
    /// states, gradients already accumulated, every in-flight micro-batch's saved
    /// activations, autocast's bf16 weight copies, and the loss peak (live bf16 logits plus
    /// the fp32 log-softmax gradient and the nll gradient, 2 + 4 + 4 bytes per logit);
    /// (2) the end of backward — all gradients, one layer's recomputed activations.
    func memoryBreakdown(_ config: TrainingConfig, first: TrainingPass, last: TrainingPass,
                         params: (firstStage: Double, lastStage: Double, layer: Double),
                         perParam: ParameterMemory, microBatches: Int) -> MemoryBreakdown {
        let lay = config.layout
        let pp = max(lay.pp, 1)
        let vpp = Double(max(lay.vpp, 1))
        let inFlight = Double(min(microBatches, pp)) * (pp > 1 && vpp > 1 ? 1 + Double(pp - 1) / (Double(pp) * vpp) : 1)
        let tokens = Double(lay.microBatch * max(1, config.seqLen / max(lay.cp, 1)))
        let vocabLocal = Double(config.model.vocab) / Double(max(lay.tp, 1))
        let autocast = config.precision == .ampBF16
        let fullRecompute = lay.recompute == .full

        func candidate(_ stage: TrainingPass, params p: Double, hasHead: Bool, inFlight: Double) -> MemoryBreakdown {
            var mem = MemoryBreakdown()
            mem.weights = Bytes(p * perParam.weightBytes)
            mem.optimizerStates = Bytes(p * perParam.optimizerBytes)
            let gradients = Bytes(p * perParam.gradientBytes)
            // Megatron keeps a persistent main-grad buffer; PyTorch frees .grad each step.
            let gradsAtBackwardStart = (!autocast && config.precision != .bf16) || microBatches > 1 ? gradients : .zero
            let saved = stage.savedBytes * inFlight
            let copies = autocast ? Bytes(2 * (fullRecompute ? params.layer : p)) : .zero
            let lossPeak = hasHead ? Bytes(10 * tokens * vocabLocal) : .zero
            let oneLayerFull = stage.layers.first.map { $0.map(\.savedBytes).sum() } ?? .zero
            let backwardStart = gradsAtBackwardStart + saved + copies + lossPeak
            let backwardEnd = gradients + (fullRecompute ? oneLayerFull : .zero) + (autocast ? Bytes(2 * params.layer) : .zero)
            mem.gradients = backwardStart > backwardEnd ? gradsAtBackwardStart : gradients
            if backwardStart > backwardEnd {
                mem.activations = saved
                mem.transient = copies + lossPeak
            } else {
                mem.activations = fullRecompute ? oneLayerFull : .zero
                mem.transient = autocast ? Bytes(2 * params.layer) : .zero
            }
            // cuBLAS / cuBLASLt workspaces come from the caching allocator (32 MiB on Hopper).
            mem.overhead = .mib(32)
            return mem
        }
        let a = candidate(first, params: params.firstStage, hasHead: pp == 1, inFlight: inFlight)
        guard pp > 1 else { return a }
        let z = candidate(last, params: params.lastStage, hasHead: true, inFlight: 1)
        return a.total >= z.total ? a : z
    }
}
