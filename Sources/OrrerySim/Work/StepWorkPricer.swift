import OrreryCore
import OrreryCost

/// Prices a training configuration into `StepWork`: unit pass times from a
/// `TrainingComputeModel`, collectives from a `CollectiveCostModel` (swappable: the
/// default is `NCCLCollectiveModel`).
///
/// Group placement follows Megatron's rank order (tp fastest, then cp, dp, pp;
/// `ParallelLayout`): a group of `ranks` whose members are `stride` ranks apart spans
/// ⌈ranks · stride / gpus_per_node⌉ nodes, as in `TrainingEstimator.estimate`.
public struct StepWorkPricer: Sendable {
    public var compute: any TrainingComputeModel
    public var collectives: any CollectiveCostModel

    public init(compute: any TrainingComputeModel = TrainingEstimator(),
                collectives: any CollectiveCostModel = NCCLCollectiveModel()) {
        self.compute = compute
        self.collectives = collectives
    }

    /// Layers of each virtual stage.
    /// - Throws: `OrreryError.rule` when the split does not cover the model or the layers
    ///   do not divide evenly over pp · vpp stages.
    public static func layerSplit(layers: Int, stages: Int, explicit: [Int]?) throws -> [Int] {
        if let explicit {
            guard explicit.count == stages else {
                throw OrreryError.rule(field: "--layers-per-stage", rule: "gives \(explicit.count) stages; the layout has pp · vpp = \(stages)")
            }
            guard explicit.allSatisfy({ $0 >= 0 }), explicit.reduce(0, +) == layers else {
                throw OrreryError.rule(field: "--layers-per-stage", rule: "entries must be >= 0 and sum to the model's \(layers) layers (got \(explicit.reduce(0, +)))")
            }
            return explicit
        }
        guard stages >= 1, layers % stages == 0 else {
            throw OrreryError.rule(field: "parallel.vpp",
                                   rule: "\(layers) layers do not divide over pp · vpp = \(stages) virtual stages; change pp/vpp or give --layers-per-stage")
        }
        return Array(repeating: layers / stages, count: stages)
    }

    public func price(_ config: TrainingConfig, on cluster: ClusterSpec, options: SimulationOptions) throws -> StepWork {
        let lay = config.layout, m = config.model, gpu = cluster.gpu
        let pp = max(lay.pp, 1), vpp = max(lay.vpp, 1), tp = max(lay.tp, 1), cp = max(lay.cp, 1), dp = max(lay.dp, 1)
        let split = try Self.layerSplit(layers: m.layers, stages: pp * vpp, explicit: options.layersPerStage)
        let microBatches = lay.microBatchesPerStep
        guard microBatches >= 1 else {
            throw OrreryError.rule(field: "batch.global", rule: "global_batch \(lay.globalBatch) gives no micro-batch per step with dp \(dp) · micro_batch \(lay.microBatch)")
        }

        let tpGroup = CommGroup(ranks: tp, stride: 1, gpusPerNode: cluster.gpusPerNode)
        let cpGroup = CommGroup(ranks: 2, nodes: CommGroup.nodes(spanning: cp, stride: tp, gpusPerNode: cluster.gpusPerNode))
        let dpGroup = CommGroup(ranks: dp, stride: tp * cp, gpusPerNode: cluster.gpusPerNode)
        let ppNodes = CommGroup.nodes(spanning: 2, stride: tp * cp * dp, gpusPerNode: cluster.gpusPerNode)
        func tpTime(_ traffic: [(op: CollectiveOp, bytes: Bytes)]) -> Seconds {
            traffic.map { collectives.time($0.op, bytes: $0.bytes, group: tpGroup, cluster: cluster) }.sum()
        }

        // Per-layer prices, cached by the layer's kind (dense / MoE) and recompute policy.
        var noRecompute = config
        noRecompute.layout.recompute = .none
        noRecompute.layout.recomputeLayers = nil
        var cache: [String: (PassTimes, Seconds, Seconds)] = [:]
        let tokens = Double(lay.microBatch * max(1, config.seqLen / cp))
        let kvBytes = Bytes(2 * 2 * tokens * Double(m.kvHeads * m.headDim) / Double(tp))
        // Ring attention (Liu et al. 2023): cp − 1 exchanges of a K,V block forward; backward
        // sends K,V and their gradients (twice the bytes).
        let cpStep = cp > 1 ? collectives.time(.sendRecv, bytes: kvBytes, group: cpGroup, cluster: cluster) : .zero
        let cpForward = cpStep * Double(cp - 1), cpBackward = cpStep * Double(2 * (cp - 1))
        let tpExtraForRecompute = lay.recompute == .full ? 1.0 : 0.0

        func layerUnit(_ index: Int, positionInRank: Int) throws -> WorkUnit {
            let recomputed = lay.recompute != .full || positionInRank < (lay.recomputeLayers ?? Int.max)
            let key = "\(m.isMoELayer(index))-\(recomputed)"
            let priced: (PassTimes, Seconds, Seconds)
            if let hit = cache[key] {
                priced = hit
            } else {
                let c = recomputed ? config : noRecompute
                let pass = try compute.layer(index, config: c, gpu: gpu)
                let forward = tpTime(compute.tensorParallelTraffic(layer: index, config: c))
                priced = (pass, forward, forward * (1 + (recomputed ? tpExtraForRecompute : 0)))
                cache[key] = priced
            }
            let mlp = m.isMoELayer(index)
                ? Double(m.moeMLPParametersPerLayer - (m.moe!.experts - m.moe!.experts / max(lay.ep, 1)) * m.expertParameters)
                : Double(m.denseMLPParametersPerLayer)
            return WorkUnit(kind: .layer, layer: index, pass: priced.0, tpForward: priced.1, tpBackward: priced.2,
                            cpForward: cpForward, cpBackward: cpBackward,
                            parameters: (Double(m.attentionParametersPerLayer) + mlp) / Double(tp))
        }

        // Vocab-parallel embedding: one reduction of its output (all-reduce; reduce-scatter
        // with sequence parallelism). Head: gather of its input (all-gather with sequence
        // parallelism) and the mirror in backward (Megatron-LM `VocabParallelEmbedding`,
        // `ColumnParallelLinear` of the output layer).
        let activation = Bytes(2 * tokens * Double(m.hidden))
        let embeddingTP = tp > 1 ? collectives.time(lay.sequenceParallel ? .reduceScatter : .allReduce, bytes: activation, group: tpGroup, cluster: cluster) : .zero
        let headTP = tp > 1 && lay.sequenceParallel ? collectives.time(.allGather, bytes: activation, group: tpGroup, cluster: cluster) : .zero
        let headBackwardTP = tp > 1 ? collectives.time(lay.sequenceParallel ? .reduceScatter : .allReduce, bytes: activation, group: tpGroup, cluster: cluster) : .zero
        let embeddingUnit = WorkUnit(kind: .embedding, layer: nil, pass: try compute.embedding(config: config, gpu: gpu),
                                     tpForward: embeddingTP, tpBackward: .zero, cpForward: .zero, cpBackward: .zero,
                                     parameters: Double(m.embeddingParameters) / Double(tp))
        let outputParameters = Double(m.tiedEmbeddings && pp == 1 ? 0 : m.vocab * m.hidden) / Double(tp) + Double(m.finalNormParameters)
        let headUnit = WorkUnit(kind: .head, layer: nil, pass: try compute.head(config: config, gpu: gpu),
                                tpForward: headTP, tpBackward: headBackwardTP, cpForward: .zero, cpBackward: .zero,
                                parameters: outputParameters)

        var stages: [[WorkUnit]] = []
        var first = 0
        for vs in 0..<(pp * vpp) {
            var units: [WorkUnit] = []
            if vs == 0 { units.append(embeddingUnit) }
            let rank = vs % pp
            let earlierOnRank = (0..<vs).filter { $0 % pp == rank }.map { split[$0] }.reduce(0, +)
            for (k, i) in (first..<(first + split[vs])).enumerated() {
                units.append(try layerUnit(i, positionInRank: earlierOnRank + k))
            }
            first += split[vs]
            if vs == pp * vpp - 1 { units.append(headUnit) }
            stages.append(units)
        }

        // Gradients are reduced in their own dtype (fp32 main grads for bf16-mixed, as
        // TrainingEstimator.estimate); ZeRO gathers parameters back in the weight dtype.
        let gradBytes = config.precision == .bf16 ? 2.0 : 4.0
        let paramBytes = config.precision == .ampBF16 ? 4.0 : 2.0
        let bucketSize = options.bucketParameters ?? max(40_000_000, 1_000_000 * Double(dp))
        let reduceOp: CollectiveOp = lay.zero >= 1 ? .reduceScatter : .allReduce
        func reduce(_ params: Double) -> Seconds {
            dp > 1 ? collectives.time(reduceOp, bytes: Bytes(params * gradBytes), group: dpGroup, cluster: cluster) : .zero
        }
        func gather(_ params: Double) -> Seconds {
            dp > 1 && lay.zero >= 1 ? collectives.time(.allGather, bytes: Bytes(params * paramBytes), group: dpGroup, cluster: cluster) : .zero
        }
        var buckets: [[GradientBucket]] = []
        for units in stages {
            var list: [GradientBucket] = []
            var open = 0.0, start = units.count - 1
            for u in stride(from: units.count - 1, through: 0, by: -1) {
                open += units[u].parameters
                if open >= bucketSize || u == 0 {
                    list.append(GradientBucket(firstUnit: start, lastUnit: u, parameters: open, reduce: reduce(open), gather: gather(open)))
                    open = 0
                    start = u - 1
                }
            }
            buckets.append(lay.zero >= 3 ? [] : list)
        }
        let unitGather = stages.map { $0.map { lay.zero >= 3 ? gather($0.parameters) : .zero } }
        let unitReduce = stages.map { $0.map { lay.zero >= 3 ? reduce($0.parameters) : .zero } }

        var optimizer: [Seconds] = []
        for rank in 0..<pp {
            let params = stride(from: rank, to: pp * vpp, by: pp).flatMap { stages[$0] }.map(\.parameters).reduce(0, +)
            let shard = lay.zero >= 1 ? params / Double(dp) : params
            optimizer.append(try compute.optimizerStep(parameters: Int(shard.rounded()), config: config, gpu: gpu))
        }
        let world = CommGroup(ranks: max(lay.worldSize, 1), nodes: max(1, cluster.nodes))
        let sync = lay.worldSize > 1 ? collectives.time(.allReduce, bytes: Bytes(8), group: world, cluster: cluster) : .zero
        let send = pp > 1
            ? collectives.time(.sendRecv, bytes: compute.pipelineMessageBytes(config: config), group: CommGroup(ranks: 2, nodes: ppNodes), cluster: cluster)
            : .zero
        return StepWork(pp: pp, vpp: vpp, dp: dp, tp: tp, cp: cp, zero: lay.zero, microBatches: microBatches,
                        stages: stages, buckets: buckets, pipelineSend: send, pipelineCrossesNodes: ppNodes > 1,
                        dataParallelCrossesNodes: dpGroup.nodes > 1, unitGather: unitGather, unitReduce: unitReduce,
                        optimizer: optimizer, synchronisation: sync, overlapTensorParallel: options.overlapTensorParallel,
                        blockingPipelineSends: options.blockingPipelineSends,
                        overlapParamGather: options.overlapParamGather, overlapGradReduce: options.overlapGradReduce)
    }
}
