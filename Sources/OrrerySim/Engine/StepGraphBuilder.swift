import OrreryCore

/// Builds the step's task graph from the priced work, the schedule's program order and the
/// rank groups: per group the forward/backward units with their tensor- and
/// context-parallel collectives, the pipeline sends between stages, the data-parallel
/// buckets (joint across replicas), the gradient-norm synchronisation and the optimizer.
struct StepGraphBuilder {
    let work: StepWork
    let schedule: any PipelineSchedule
    let groups: RankStreams
    var graph = TaskGraph()

    init(work: StepWork, schedule: any PipelineSchedule, groups: RankStreams) {
        self.work = work
        self.schedule = schedule
        self.groups = groups
    }

    func ns(_ s: Seconds, _ factor: Double = 1) -> Int64 { SimDuration(s * factor).nanoseconds }

    /// A cross-stage dependency to resolve once every stage is built.
    struct Need { var task: Int32; var replica: Int; var virtualStage: Int; var microBatch: Int; var forward: Bool }

    mutating func build() -> TaskGraph {
        let pp = work.pp, vpp = work.vpp, m = work.microBatches, reps = groups.replicas.count
        let vsCount = work.virtualStageCount
        let splitW = schedule.splitsWeightGradient
        graph.streams = Array(repeating: [], count: groups.streamCount)
        graph.deferred = Array(repeating: [], count: groups.groupCount)
        graph.deferredLimit = Array(repeating: 0, count: groups.groupCount)
        graph.computeStream = (0..<groups.groupCount).map { groups.stream($0, .compute) }
        graph.capacity = (0..<groups.groupCount).map { groups.replicas[$0 / pp].link[$0 % pp] }

        func key(_ r: Int, _ vs: Int, _ mb: Int) -> Int { (r * vsCount + vs) * m + mb }
        var sendForward = Array(repeating: Int32(-1), count: reps * vsCount * m)   // producer for (r, vs, mb) of vs's F
        var sendBackward = Array(repeating: Int32(-1), count: reps * vsCount * m)  // producer for vs's B
        var forwardEnd = Array(repeating: [Int32](), count: reps * vsCount * m)
        var needs: [Need] = []
        var lastDP = Array(repeating: Int32(-1), count: pp)
        var lastCompute = Array(repeating: Int32(-1), count: groups.groupCount)
        var lastDeferred = Array(repeating: Int32(-1), count: groups.groupCount)
        var finalChain = Array(repeating: [Int32](), count: groups.groupCount)
        let dpActive = work.dp > 1
        let zero3 = work.zero >= 3 && dpActive
        let shardedGather = dpActive && work.zero >= 1 && work.zero < 3

        func task(_ kind: TaskKind, _ duration: Int64, stream: Int32, owner: Int, rank: Int, mb: Int, unit: Int, chunk: Int,
                  flags: UInt8 = 0) -> SimTask {
            SimTask(duration: duration, stream: stream, owner: Int32(owner), stage: Int32(rank), microBatch: Int32(mb),
                    unit: Int32(unit), chunk: Int16(chunk), kind: kind, flags: flags)
        }

        /// A data-parallel collective of pipeline rank `rank` joining every replica.
        func joint(_ kind: TaskKind, _ time: Seconds, rank: Int, mb: Int, unit: Int, chunk: Int, after deps: [Int32]) -> Int32 {
            var t = task(kind, ns(time), stream: groups.dataParallelStream(rank), owner: -1, rank: rank, mb: mb, unit: unit, chunk: chunk)
            if work.dataParallelCrossesNodes {
                t.flags |= SimTask.flow
                (t.resourceStart, t.resourceCount) = graph.flowResources((0..<reps).map { Int32(groups.owner(replica: $0, rank: rank)) })
            }
            let id = graph.add(t, after: deps)
            lastDP[rank] = id
            return id
        }

        for rank in 0..<pp {
            let order = schedule.order(rank: rank, stages: pp, microBatches: m)
            for r in 0..<reps { graph.deferredLimit[groups.owner(replica: r, rank: rank)] = schedule.deferredWeightGradientLimit(rank: rank, stages: pp) }
            var lastBackward = Array(repeating: -1, count: vpp)
            var firstForward = Array(repeating: -1, count: vpp)
            for (i, op) in order.enumerated() {
                if op.kind == .backward { lastBackward[op.chunk] = i }
                if op.kind == .forward, firstForward[op.chunk] < 0 { firstForward[op.chunk] = i }
            }
            // ZeRO-1/2 parameter all-gathers of the previous step's update, overlapping this
            // step's first forward (Megatron --overlap-param-gather), in forward order.
            var gatherOfUnit = Array(repeating: [Int32](), count: vpp)
            if shardedGather && work.overlapParamGather {
                for chunk in 0..<vpp {
                    let vs = work.virtualStage(rank: rank, chunk: chunk)
                    var perUnit = Array(repeating: Int32(-1), count: work.stages[vs].count)
                    for (b, bucket) in work.buckets[vs].enumerated().reversed() {
                        let g = joint(.parameterGather, bucket.gather, rank: rank, mb: 0, unit: b, chunk: chunk, after: [])
                        for u in bucket.lastUnit...bucket.firstUnit { perUnit[u] = g }
                    }
                    gatherOfUnit[chunk] = perUnit
                }
            }

            var chain = Array(repeating: [Int32](), count: reps)
            // The previous op's last collective runs on the compute stream in Megatron (no
            // overlap), so the next op starts after it.
            var opEnd = Array(repeating: [Int32](), count: reps)
            var recentCompute = Array(repeating: [Int32](), count: reps)
            for (position, op) in order.enumerated() {
                let vs = work.virtualStage(rank: rank, chunk: op.chunk)
                let units = work.stages[vs]
                let forward = op.kind == .forward
                let indices = forward ? Array(units.indices) : Array(units.indices.reversed())
                let bucketsHere = !zero3 && dpActive && !forward && position == lastBackward[op.chunk] && work.overlapGradReduce
                var bucketReady = Array(repeating: [Int32](), count: work.buckets[vs].count)
                for r in 0..<reps { chain[r] = opEnd[r] }
                for (k, u) in indices.enumerated() {
                    let unit = units[u]
                    // ZeRO-3 / FSDP: gather this unit's parameters, prefetched one unit ahead.
                    var gather: Int32 = -1
                    if zero3 {
                        let deps = (0..<reps).compactMap { recentCompute[$0].count >= 2 ? recentCompute[$0][recentCompute[$0].count - 2] : nil }
                        gather = joint(.parameterGather, work.unitGather[vs][u], rank: rank, mb: op.microBatch, unit: u, chunk: op.chunk, after: deps)
                    }
                    var computeTasks = Array(repeating: Int32(-1), count: reps)
                    for r in 0..<reps {
                        let owner = groups.owner(replica: r, rank: rank)
                        let slow = groups.replicas[r].slowdown[rank]
                        let start = k == 0 ? SimTask.opStart : 0
                        let before = chain[r]
                        var entry: [Int32] = []
                        var deps = before
                        if gather >= 0 { deps.append(gather) }
                        if forward, position == firstForward[op.chunk], !gatherOfUnit[op.chunk].isEmpty, gatherOfUnit[op.chunk][u] >= 0 {
                            deps.append(gatherOfUnit[op.chunk][u])
                        }
                        let computeStream = groups.stream(owner, .compute)
                        var first: Int32 = -1
                        if !forward, unit.pass.recompute.value > 0 {
                            first = graph.add(task(.recompute, ns(unit.pass.recompute, slow), stream: computeStream, owner: owner, rank: rank,
                                                   mb: op.microBatch, unit: u, chunk: op.chunk, flags: start), after: deps)
                            deps = [first]
                        }
                        let time = forward ? unit.pass.forward : unit.pass.backwardInput + (splitW ? .zero : unit.pass.backwardWeight)
                        let c = graph.add(task(forward ? .forward : .backward, ns(time, slow), stream: computeStream, owner: owner, rank: rank,
                                               mb: op.microBatch, unit: u, chunk: op.chunk, flags: first < 0 ? start : 0), after: deps)
                        if first < 0 { first = c }
                        if k == 0 { entry.append(first) }
                        computeTasks[r] = c
                        recentCompute[r].append(c)
                        if recentCompute[r].count > 2 { recentCompute[r].removeFirst() }
                        lastCompute[owner] = c
                        var next: [Int32] = [c]
                        let tpTime = forward ? unit.tpForward : unit.tpBackward
                        if tpTime.value > 0 {
                            let stream = groups.stream(owner, .tensorParallel)
                            let t = task(.tensorParallel, ns(tpTime), stream: stream, owner: owner, rank: rank, mb: op.microBatch, unit: u, chunk: op.chunk)
                            if work.overlapTensorParallel {
                                let id = graph.add(t, after: before)
                                if k == 0 { entry.append(id) }
                                next.append(id)
                            } else {
                                next = [graph.add(t, after: [c])]
                            }
                        }
                        let cpTime = forward ? unit.cpForward : unit.cpBackward
                        if cpTime.value > 0 {
                            let id = graph.add(task(.contextParallel, ns(cpTime), stream: groups.stream(owner, .contextParallel), owner: owner,
                                                    rank: rank, mb: op.microBatch, unit: u, chunk: op.chunk), after: before)
                            if k == 0 { entry.append(id) }
                            next.append(id)
                        }
                        chain[r] = next
                        if k == 0 {
                            let isLastStage = vs == work.virtualStageCount - 1
                            if forward && vs > 0 || !forward && !isLastStage {
                                for e in entry { needs.append(Need(task: e, replica: r, virtualStage: vs, microBatch: op.microBatch, forward: forward)) }
                            } else if !forward {
                                for f in forwardEnd[key(r, vs, op.microBatch)] { for e in entry { graph.edge(f, e) } }
                            }
                        }
                        if bucketsHere && !splitW {
                            for (b, bucket) in work.buckets[vs].enumerated() where bucket.lastUnit == u { bucketReady[b].append(c) }
                        }
                    }
                    if zero3 && !forward && !splitW {
                        _ = joint(.gradientReduce, work.unitReduce[vs][u], rank: rank, mb: op.microBatch, unit: u, chunk: op.chunk, after: computeTasks)
                    }
                }
                // End of the op: pipeline send, deferred weight gradients, gradient buckets.
                var weightTasks: [Int32] = []
                for r in 0..<reps {
                    let owner = groups.owner(replica: r, rank: rank)
                    let slow = groups.replicas[r].slowdown[rank]
                    if forward { forwardEnd[key(r, vs, op.microBatch)] = chain[r] }
                    let target = forward ? vs + 1 : vs - 1
                    if target >= 0, target < work.virtualStageCount {
                        let targetRank = target % pp
                        let sendStream = work.blockingPipelineSends ? groups.stream(owner, .compute) : groups.stream(owner, forward ? .sendForward : .sendBackward)
                        var s = task(.pipelineSend, ns(work.pipelineSend), stream: sendStream,
                                     owner: owner, rank: rank, mb: op.microBatch, unit: target, chunk: op.chunk)
                        if work.pipelineCrossesNodes {
                            s.flags |= SimTask.flow
                            (s.resourceStart, s.resourceCount) = graph.flowResources([Int32(owner), Int32(groups.owner(replica: r, rank: targetRank))])
                        }
                        let id = graph.add(s, after: chain[r])
                        if forward { sendForward[key(r, target, op.microBatch)] = id } else { sendBackward[key(r, target, op.microBatch)] = id }
                    }
                    if !forward && splitW {
                        let w = units.map(\.pass.backwardWeight).sum()
                        let id = graph.add(task(.weightGradient, ns(w, slow), stream: groups.stream(owner, .compute), owner: owner, rank: rank,
                                                mb: op.microBatch, unit: 0, chunk: op.chunk, flags: SimTask.deferred), after: chain[r])
                        graph.deferred[owner].append(id)
                        lastDeferred[owner] = id
                        weightTasks.append(id)
                    }
                    finalChain[owner] = chain[r]
                    opEnd[r] = chain[r]
                }
                if zero3 && !forward && splitW {
                    for u in indices { _ = joint(.gradientReduce, work.unitReduce[vs][u], rank: rank, mb: op.microBatch, unit: u, chunk: op.chunk, after: weightTasks) }
                }
                if bucketsHere {
                    for (b, bucket) in work.buckets[vs].enumerated() {
                        _ = joint(.gradientReduce, bucket.reduce, rank: rank, mb: op.microBatch, unit: b, chunk: op.chunk,
                                  after: splitW ? weightTasks : bucketReady[b])
                    }
                }
            }
            // Without overlap, buckets are reduced after the whole backward.
            if dpActive && !zero3 && !work.overlapGradReduce {
                let deps = (0..<reps).flatMap { r -> [Int32] in
                    let o = groups.owner(replica: r, rank: rank)
                    return [lastCompute[o], lastDeferred[o]] + finalChain[o]
                }
                for chunk in (0..<vpp).reversed() {
                    let vs = work.virtualStage(rank: rank, chunk: chunk)
                    for (b, bucket) in work.buckets[vs].enumerated() {
                        _ = joint(.gradientReduce, bucket.reduce, rank: rank, mb: m - 1, unit: b, chunk: chunk, after: deps)
                    }
                }
            }
        }

        for n in needs {
            let producer = n.forward ? sendForward[key(n.replica, n.virtualStage, n.microBatch)] : sendBackward[key(n.replica, n.virtualStage, n.microBatch)]
            if producer >= 0 { graph.edge(producer, n.task) }
        }

        // Gradient-norm all-reduce over every rank, then the optimizer on each group.
        var syncDeps: [Int32] = lastDP.filter { $0 >= 0 }
        for o in 0..<groups.groupCount { syncDeps += [lastCompute[o], lastDeferred[o]] + finalChain[o] }
        let sync = graph.add(SimTask(duration: ns(work.synchronisation), stream: groups.globalStream, owner: -1, stage: 0, microBatch: 0,
                                     unit: 0, chunk: 0, kind: .synchronisation, flags: 0), after: syncDeps)
        var optimizers = Array(repeating: [Int32](), count: pp)
        for o in 0..<groups.groupCount {
            let rank = o % pp
            let slow = groups.replicas[o / pp].slowdown[rank]
            let id = graph.add(task(.optimizer, ns(work.optimizer[rank], slow), stream: groups.stream(o, .compute), owner: o, rank: rank,
                                    mb: 0, unit: 0, chunk: 0, flags: SimTask.opStart), after: [sync])
            optimizers[rank].append(id)
        }
        if shardedGather && !work.overlapParamGather {
            for rank in 0..<pp {
                for chunk in 0..<vpp {
                    let vs = work.virtualStage(rank: rank, chunk: chunk)
                    for (b, bucket) in work.buckets[vs].enumerated().reversed() {
                        _ = joint(.parameterGather, bucket.gather, rank: rank, mb: 0, unit: b, chunk: chunk, after: optimizers[rank])
                    }
                }
            }
        }
        return graph
    }
}
