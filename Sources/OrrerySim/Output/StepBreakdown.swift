import OrreryCore
import OrreryCost

/// Where each rank group's step time went: a sweep over the intervals of the tasks that
/// occupy the group, each instant charged to the highest-priority activity running then —
/// compute (incl. recomputation, optimizer) > tensor-parallel > context-parallel >
/// data-parallel (incl. the gradient-norm synchronisation) > pipeline transfers in or out;
/// an instant with none of them is bubble. The terms sum to the step time.
struct StepBreakdown {
    enum Activity: Int, CaseIterable { case compute = 0, recompute, optimizer, tensorParallel, contextParallel, dataParallel, pipeline }
    /// Per owner: (time, +1/−1, activity) edges.
    private var edges: [[(Int64, Int8, Activity)]]
    let stepEnd: Int64

    init(graph: TaskGraph, start: [Int64], end: [Int64], groups: RankStreams, stepEnd: Int64) {
        self.stepEnd = stepEnd
        let pp = groups.pp
        edges = Array(repeating: [], count: groups.groupCount)
        func add(_ owner: Int, _ i: Int, _ a: Activity) {
            guard start[i] >= 0, end[i] > start[i] else { return }
            edges[owner].append((start[i], 1, a))
            edges[owner].append((end[i], -1, a))
        }
        for (i, t) in graph.tasks.enumerated() {
            switch t.kind {
            case .forward, .backward, .weightGradient: add(Int(t.owner), i, .compute)
            case .recompute: add(Int(t.owner), i, .recompute)
            case .optimizer: add(Int(t.owner), i, .optimizer)
            case .tensorParallel: add(Int(t.owner), i, .tensorParallel)
            case .contextParallel: add(Int(t.owner), i, .contextParallel)
            case .gradientReduce, .parameterGather:
                for r in 0..<groups.replicas.count { add(r * pp + Int(t.stage), i, .dataParallel) }
            case .synchronisation:
                for o in 0..<groups.groupCount { add(o, i, .dataParallel) }
            case .pipelineSend:
                add(Int(t.owner), i, .pipeline)
                let receiver = (Int(t.owner) / pp) * pp + Int(t.unit) % pp
                if receiver != Int(t.owner) { add(receiver, i, .pipeline) }
            }
        }
    }

    func breakdown(owner: Int) -> TimeBreakdown {
        var list = edges[owner]
        list.sort { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
        var counts = Array(repeating: 0, count: Activity.allCases.count)
        var charged = Array(repeating: Int64(0), count: Activity.allCases.count)
        var idle: Int64 = 0
        var last: Int64 = 0
        func charge(until t: Int64) {
            let span = min(t, stepEnd) - last
            guard span > 0 else { return }
            if let a = counts.firstIndex(where: { $0 > 0 }) { charged[a] += span } else { idle += span }
        }
        for (t, delta, a) in list {
            charge(until: t)
            last = max(last, min(t, stepEnd))
            counts[a.rawValue] += Int(delta)
        }
        charge(until: stepEnd)
        func s(_ ns: Int64) -> Seconds { Seconds(Double(ns) / 1e9) }
        var b = TimeBreakdown()
        b.compute = s(charged[Activity.compute.rawValue])
        b.recompute = s(charged[Activity.recompute.rawValue])
        b.optimizer = s(charged[Activity.optimizer.rawValue])
        b.tpComm = s(charged[Activity.tensorParallel.rawValue])
        b.cpComm = s(charged[Activity.contextParallel.rawValue])
        b.dpComm = s(charged[Activity.dataParallel.rawValue])
        b.ppComm = s(charged[Activity.pipeline.rawValue])
        b.bubble = s(idle)
        return b
    }
}
