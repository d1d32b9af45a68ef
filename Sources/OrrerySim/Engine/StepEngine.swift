/// Runs a `TaskGraph` in simulated time: each stream executes its tasks in program order,
/// a task starting once it heads its stream, the stream is idle and all its dependencies
/// have finished. Transfers (`isFlow`) share their links by processor sharing: a flow on
/// links with n₁, n₂, … concurrent flows and bandwidth fractions c₁, c₂, … progresses at
/// min(cᵢ / nᵢ) of its solo rate, re-evaluated whenever a flow starts or ends.
///
/// Zero-bubble ranks also hold deferred weight-gradient tasks: one runs when the compute
/// stream is at an op boundary and the next op is not ready, or when more than the rank's
/// limit are ready.
/// - Complexity: O((tasks + edges) · log tasks), plus O(concurrent flows) per flow change.
struct StepEngine {
    var graph: TaskGraph
    private(set) var start: [Int64]
    private(set) var end: [Int64]
    private(set) var events: UInt64 = 0

    private var pending: [Int32]
    private var successorStart: [Int32]
    private var successors: [Int32]
    private var head: [Int]
    private var busy: [Bool]
    private var deferredNext: [Int]
    private var deferredReady: [Int]
    private var deciding: [Bool]
    private var queue = EventQueue<Completion>()
    private var now: Int64 = 0
    // Flows, indexed by `flowSlot[task]`.
    private var flowSlot: [Int32]
    private var flowRemaining: [Double]
    private var flowRate: [Double]
    private var flowUpdated: [Int64]
    private var flowVersion: [UInt32]
    private var mark: [UInt32]
    private var markEpoch: UInt32 = 0
    private var active: [[Int32]]
    private var streamOfOwnerCompute: [Int32: Int]

    struct Completion: Sendable { var task: Int32; var version: UInt32 }

    init(graph: TaskGraph) {
        self.graph = graph
        let n = graph.tasks.count
        start = Array(repeating: -1, count: n)
        end = Array(repeating: -1, count: n)
        pending = Array(repeating: 0, count: n)
        var counts = Array(repeating: Int32(0), count: n + 1)
        for (f, t) in zip(graph.edgeFrom, graph.edgeTo) {
            counts[Int(f) + 1] += 1
            pending[Int(t)] += 1
        }
        for i in 0..<n { counts[i + 1] += counts[i] }
        successorStart = counts
        var fill = counts
        successors = Array(repeating: 0, count: graph.edgeFrom.count)
        for (f, t) in zip(graph.edgeFrom, graph.edgeTo) {
            successors[Int(fill[Int(f)])] = t
            fill[Int(f)] += 1
        }
        head = Array(repeating: 0, count: graph.streams.count)
        busy = Array(repeating: false, count: graph.streams.count)
        deciding = Array(repeating: false, count: graph.streams.count)
        deferredNext = Array(repeating: 0, count: graph.deferred.count)
        deferredReady = Array(repeating: 0, count: graph.deferred.count)
        active = Array(repeating: [], count: graph.capacity.count)
        var slots = Array(repeating: Int32(-1), count: n)
        var flows: Int32 = 0
        for (i, t) in graph.tasks.enumerated() where t.isFlow {
            slots[i] = flows
            flows += 1
        }
        flowSlot = slots
        flowRemaining = Array(repeating: 0, count: Int(flows))
        flowRate = Array(repeating: 1, count: Int(flows))
        flowUpdated = Array(repeating: 0, count: Int(flows))
        flowVersion = Array(repeating: 0, count: Int(flows))
        mark = Array(repeating: 0, count: Int(flows))
        var map: [Int32: Int] = [:]
        for (o, s) in graph.computeStream.enumerated() where !graph.deferred[o].isEmpty { map[s] = o }
        streamOfOwnerCompute = map
    }

    /// Runs to completion; returns the time the last task ended.
    mutating func run() -> Int64 {
        for s in graph.streams.indices { tryStart(stream: s) }
        var last: Int64 = 0
        while let e = queue.pop() {
            events += 1
            now = e.time.nanoseconds
            let t = e.payload.task
            if t < 0 {
                // A deferred-work decision, taken after every completion at this instant.
                let stream = Int(-t - 1)
                deciding[stream] = false
                tryStart(stream: stream, deciding: true)
                continue
            }
            if graph.tasks[Int(t)].isFlow {
                guard flowVersion[Int(flowSlot[Int(t)])] == e.payload.version else { continue }
                finishFlow(t)
            }
            end[Int(t)] = now
            last = max(last, now)
            complete(t)
        }
        return last
    }

    private mutating func complete(_ t: Int32) {
        let task = graph.tasks[Int(t)]
        let stream = Int(task.stream)
        busy[stream] = false
        for i in Int(successorStart[Int(t)])..<Int(successorStart[Int(t) + 1]) {
            let s = successors[i]
            pending[Int(s)] -= 1
            if pending[Int(s)] == 0 {
                let succ = graph.tasks[Int(s)]
                if succ.isDeferred { deferredReady[Int(succ.owner)] += 1 }
                tryStart(stream: Int(succ.stream))
            }
        }
        tryStart(stream: stream)
    }

    private mutating func tryStart(stream s: Int, deciding decide: Bool = false) {
        guard !busy[s] else { return }
        let list = graph.streams[s]
        let headTask: Int32? = head[s] < list.count ? list[head[s]] : nil
        if let owner = streamOfOwnerCompute[Int32(s)] {
            let ready = deferredReady[owner]
            var runDeferred = false, fill = false
            if let h = headTask {
                let task = graph.tasks[Int(h)]
                if task.isOpStart && ready > graph.deferredLimit[owner] { runDeferred = true }
                else if pending[Int(h)] > 0 && task.isOpStart && ready > 0 { fill = true }
            } else if ready > 0 {
                fill = true
            }
            // Filling a bubble waits until every task finishing at this instant has finished,
            // so an op that becomes ready now is not displaced by a deferred one.
            if fill {
                if decide {
                    runDeferred = true
                } else if !deciding[s] {
                    deciding[s] = true
                    queue.schedule(Completion(task: Int32(-s - 1), version: 0), at: SimInstant(nanoseconds: now), priority: 1)
                }
            }
            if runDeferred {
                let w = graph.deferred[owner][deferredNext[owner]]
                deferredNext[owner] += 1
                deferredReady[owner] -= 1
                begin(w, stream: s)
                return
            }
        }
        guard let h = headTask, pending[Int(h)] == 0 else { return }
        head[s] += 1
        begin(h, stream: s)
    }

    private mutating func begin(_ t: Int32, stream s: Int) {
        busy[s] = true
        start[Int(t)] = now
        let task = graph.tasks[Int(t)]
        if task.isFlow {
            startFlow(t, task)
        } else {
            queue.schedule(Completion(task: t, version: 0), at: SimInstant(nanoseconds: now + task.duration))
        }
    }

    // MARK: processor-sharing links

    private func resources(of task: SimTask) -> ArraySlice<Int32> {
        graph.resources[Int(task.resourceStart)..<(Int(task.resourceStart) + Int(task.resourceCount))]
    }

    private mutating func startFlow(_ t: Int32, _ task: SimTask) {
        let links = resources(of: task)
        let affected = touching(links)
        advance(affected)
        for r in links { active[Int(r)].append(t) }
        let f = Int(flowSlot[Int(t)])
        flowRemaining[f] = Double(task.duration)
        flowUpdated[f] = now
        reschedule(affected + [t])
    }

    private mutating func finishFlow(_ t: Int32) {
        let links = resources(of: graph.tasks[Int(t)])
        for r in links {
            if let i = active[Int(r)].firstIndex(of: t) { active[Int(r)].remove(at: i) }
        }
        flowRemaining[Int(flowSlot[Int(t)])] = 0
        let affected = touching(links)
        advance(affected)
        reschedule(affected)
    }

    /// Flows sharing any of `links`, each once, in a deterministic order.
    private mutating func touching(_ links: ArraySlice<Int32>) -> [Int32] {
        markEpoch &+= 1
        var out: [Int32] = []
        for r in links {
            for f in active[Int(r)] {
                let slot = Int(flowSlot[Int(f)])
                if mark[slot] != markEpoch {
                    mark[slot] = markEpoch
                    out.append(f)
                }
            }
        }
        return out
    }

    private mutating func advance(_ flows: [Int32]) {
        for t in flows {
            let f = Int(flowSlot[Int(t)])
            let elapsed = Double(now - flowUpdated[f])
            flowRemaining[f] = max(0, flowRemaining[f] - elapsed * flowRate[f])
            flowUpdated[f] = now
        }
    }

    private mutating func reschedule(_ flows: [Int32]) {
        for t in flows {
            let f = Int(flowSlot[Int(t)])
            var rate = Double.infinity
            for r in resources(of: graph.tasks[Int(t)]) {
                rate = min(rate, graph.capacity[Int(r)] / Double(max(active[Int(r)].count, 1)))
            }
            if !rate.isFinite { rate = 1 }
            flowRate[f] = rate
            flowVersion[f] &+= 1
            queue.schedule(Completion(task: t, version: flowVersion[f]),
                           at: SimInstant(nanoseconds: now + Int64((flowRemaining[f] / rate).rounded(.up))))
        }
    }
}
