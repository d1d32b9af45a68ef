import OrreryCore

/// Prices single-replica inference passes in eager PyTorch (Hugging Face–style model, bf16
/// weights, KV cache preallocated in bf16): a prefill of `batch` prompts, or one decode
/// step of `batch` sequences scoring `q` tokens each against `context` cached tokens.
/// Logits are computed for the last prompt position only in prefill (as `generate` does)
/// and for every scored token in decode. Tensor parallelism is emulated by sharding heads
/// and the MLP; with tp > 1 two all-reduces per layer are added.
public struct InferenceEstimator: Sendable, InferenceCostModel {
    public var host: HostOverheadModel
    public var kernelTable: KernelTable?
    public var collectives: any CollectiveCostModel

    public init(host: HostOverheadModel = .eagerPyTorch, kernelTable: KernelTable? = nil,
                collectives: any CollectiveCostModel = NCCLCollectiveModel()) {
        self.host = host
        self.kernelTable = kernelTable
        self.collectives = collectives
    }

    public func prefill(model: ModelArchitecture, gpu: GPUSpec, batch: Int, promptLen: Int, tp: Int = 1,
                        cluster: ClusterSpec? = nil) -> InferenceEstimate {
        pass(model: model, gpu: gpu, batch: batch, queryLen: promptLen, context: 0, logitsPerSequence: 1, tp: tp, cluster: cluster)
    }

    public func decode(model: ModelArchitecture, gpu: GPUSpec, batch: Int, contextLen: Int, q: Int = 1, tp: Int = 1,
                       cluster: ClusterSpec? = nil) -> InferenceEstimate {
        pass(model: model, gpu: gpu, batch: batch, queryLen: max(q, 1), context: contextLen, logitsPerSequence: max(q, 1),
             tp: tp, cluster: cluster)
    }

    func pass(model m: ModelArchitecture, gpu: GPUSpec, batch: Int, queryLen: Int, context: Int, logitsPerSequence: Int,
              tp: Int, cluster: ClusterSpec?) -> InferenceEstimate {
        let kernels = KernelModels.model(for: gpu, table: kernelTable)
        let b = OpBuilder(kernels: kernels, host: host, regime: .bf16, recordsAutograd: false)
        let shape = LayerShape(model: m, tp: tp, batch: batch, queryLen: queryLen, keyLen: context + queryLen,
                               regime: .bf16, training: false)
        let denseShape = shape.denseLayer(of: m, tp: tp)
        let dense = LayerGraph.ops(denseShape, builder: b)
        let moe = m.moe == nil ? dense : LayerGraph.ops(shape, builder: b)
        let tokens = batch * queryLen
        var timeline = StreamTimeline(launchLatency: host.launchLatency)
        for op in ModelGraph.embedding(m, tokens: tokens, tp: tp, training: false, builder: b) { timeline.run(op.forward) }
        var tpComm = Seconds.zero
        if tp > 1, let cluster {
            let g = CommGroup(ranks: tp, stride: 1, gpusPerNode: cluster.gpusPerNode)
            tpComm = collectives.time(.allReduce, bytes: Bytes(2 * Double(tokens * m.hidden)), group: g, cluster: cluster) * 2
        }
        let allReduce = tpComm > .zero
            ? [KernelCall(name: "tp_all_reduce", kind: .elementwise, gpuTime: tpComm, hostTime: host.elementwiseDispatch * 2)] : []
        let denseKernels = dense.flatMap(\.forward) + allReduce
        let moeKernels = m.moe == nil ? denseKernels : moe.flatMap(\.forward) + allReduce
        var i = 0
        while i < m.layers {
            // Consecutive layers of one kind issue identical kernels: run them in closed form.
            let isMoE = m.isMoELayer(i)
            var j = i
            while j < m.layers && m.isMoELayer(j) == isMoE { j += 1 }
            timeline.run(isMoE ? moeKernels : denseKernels, times: j - i)
            i = j
        }
        for op in ModelGraph.head(m, normTokens: tokens, logitTokens: batch * logitsPerSequence, tp: tp, training: false, builder: b) {
            timeline.run(op.forward)
        }
        // Picking the next token (argmax/sampling) and copying it to the host ends the step.
        timeline.run(b.memory("sample", bytes: 2 * Double(batch * logitsPerSequence * m.vocab / max(tp, 1))))
        let latency = timeline.elapsed

        var memory = MemoryBreakdown()
        let tpD = Double(max(tp, 1))
        memory.weights = Bytes(2 * Double(m.parameterCount) / tpD)
        let kvPerToken = 2 * 2 * Double(m.layers * max(1, m.kvHeads / max(tp, 1)) * m.headDim)
        memory.activations = Bytes(kvPerToken * Double(batch * (context + queryLen)))   // KV cache
        let widest = Double(tokens) * Double(max(m.ffnHidden, m.hidden) / max(tp, 1)) * 2 * 3
        let logits = Double(batch * logitsPerSequence * m.vocab) * 6 / tpD
        memory.transient = Bytes(widest + logits + 4 * Double(tokens * m.hidden))
        memory.overhead = .mib(32)
        // Executed forward FLOPs: causal attention at the mean context, logits only where computed.
        let flops = ModelFLOPs.forwardPerToken(m, contextLen: Double(context) + Double(queryLen) / 2, fullAttention: true)
            * Double(tokens) - FLOPs(2 * Double(m.hidden) * Double(m.vocab) * Double(tokens - batch * logitsPerSequence))
        return InferenceEstimate(latency: latency, tokensPerSecond: Double(tokens) / latency.value, peakMemory: memory.total,
                                 memory: memory, fits: TrainingEstimator.fits(peak: memory.total, on: gpu),
                                 forwardFLOPs: flops, busyByKind: timeline.busy, kernelSource: kernels.source)
    }

    /// `InferenceCostModel`: one continuous-batching iteration (prefill chunks and decodes),
    /// priced as a prefill of all chunk tokens plus a decode at the mean context.
    public func iterationTime(_ batch: IterationBatch, model: ModelArchitecture, cluster: ClusterSpec, tp: Int) throws -> Seconds {
        var t = Seconds.zero
        let prefillTokens = batch.prefill.reduce(0) { $0 + $1.tokens }
        if prefillTokens > 0 {
            t += prefill(model: model, gpu: cluster.gpu, batch: 1, promptLen: prefillTokens, tp: tp, cluster: cluster).latency
        }
        if !batch.decodeContexts.isEmpty {
            let mean = batch.decodeContexts.reduce(0, +) / batch.decodeContexts.count
            t += decode(model: model, gpu: cluster.gpu, batch: batch.decodeContexts.count, contextLen: mean,
                        q: batch.tokensPerDecode, tp: tp, cluster: cluster).latency
        }
        return t
    }
}
