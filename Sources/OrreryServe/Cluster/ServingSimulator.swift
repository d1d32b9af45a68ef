import Collections
import OrreryCore

/// The discrete-event serving simulation: arrivals (a sorted array) merged with a heap of
/// replica events — iteration ends, KV hand-offs, wake-ups — ordered by (time, kind,
/// sequence number) so that equal times resolve the same way every run (swift-collections
/// `Heap` is not stable on its own).
public struct ServingSimulator {
    public let deployment: ServeDeployment

    public init(deployment: ServeDeployment) { self.deployment = deployment }

    struct Event: Comparable {
        var time: Int64
        var kind: Int8         // 0 iteration end, 1 KV arrival, 2 wake
        var sequence: Int64
        var replica: Int32
        var payload: Int32
        static func < (a: Event, b: Event) -> Bool {
            (a.time, a.kind, a.sequence) < (b.time, b.kind, b.sequence)
        }
    }

    /// Runs `requests` (sorted by arrival) to completion.
    /// - Throws: the `ServeDeployment.check` errors.
    public func run(_ requests: [ServeRequest], file: String? = nil) throws -> ServingRun {
        try deployment.check(requests, file: file)
        let d = deployment
        let blocks = d.kvBlocksPerReplica
        let surface = IterationCostSurface(hardware: d.hardware, profile: d.replica.profile)
        var draft: IterationCostSurface?
        if let spec = d.replica.speculative {
            var quiet = d.replica.profile
            quiet.iterationOverhead = .zero
            switch spec.drafter {
            case .model(let m):
                draft = IterationCostSurface(hardware: try ReplicaHardware(model: m, gpu: d.hardware.gpu, tp: d.hardware.tp), profile: quiet)
            case .eagleHead:
                var h = d.hardware
                h.model = SpeculativeDecoding.eagleHeadModel(for: d.hardware.model)
                h.pp = 1
                draft = IterationCostSurface(hardware: h, profile: quiet)
            case .heads: draft = nil
            }
        }
        var engines: [ReplicaEngine] = []
        for i in 0..<d.replicas {
            var c = d.replica
            if let dis = d.disaggregation { c.role = i < dis.prefillReplicas ? .prefill : .decode }
            engines.append(ReplicaEngine(index: i, config: c, surface: surface, draftSurface: draft, totalBlocks: blocks, seed: d.seed))
        }
        let entry = 0..<(d.disaggregation?.prefillReplicas ?? d.replicas)
        let decodeRange = d.disaggregation.map { $0.prefillReplicas..<d.replicas }
        var router = d.router.make()
        var decodeRouter = LeastLoadRouter()
        var log = RequestLog(count: requests.count)
        var heap = Heap<Event>()
        var sequence: Int64 = 0
        var wakePending = Array(repeating: Int64.max, count: d.replicas)
        var transfers: [ServeSequence] = []
        var handoffs: [ServeSequence] = []
        var trace: [IterationRecord] = []
        var finished = 0, inSystem = 0
        var lastTime: Int64 = 0
        var systemArea = 0.0   // request·ns
        let span = requests.last.map { Double($0.arrival.nanoseconds) } ?? 0
        let sampleNs = d.kvSampleInterval.map { SimInstant.nanoseconds($0) } ?? max(Int64(span / 200), 1_000_000)
        var nextSample: Int64 = 0
        var kvSeries: [KVSample] = []

        func start(_ r: Int, _ now: Int64) {
            var wake: Int64?
            if let ns = engines[r].startIteration(now: now, wake: &wake) {
                if trace.count < d.traceIterationLimit {
                    let p = engines[r].lastPlan
                    trace.append(IterationRecord(replica: r, start: now, duration: ns, prefillTokens: p.prefillTokens, decodes: p.decodes,
                                                 kvUsedBlocks: engines[r].usedBlocks))
                }
                sequence += 1
                heap.insert(Event(time: now + ns, kind: 0, sequence: sequence, replica: Int32(r), payload: 0))
            } else if let w = wake, w > now, w < wakePending[r] {
                wakePending[r] = w
                sequence += 1
                heap.insert(Event(time: w, kind: 2, sequence: sequence, replica: Int32(r), payload: 0))
            }
        }

        var ai = 0
        while true {
            let ta = ai < requests.count ? requests[ai].arrival.nanoseconds : Int64.max
            let te = heap.min?.time ?? Int64.max
            if ta == .max && te == .max { break }
            let now = min(ta, te)
            while now >= nextSample && kvSeries.count < 2000 {
                var used = 0.0
                for e in engines { used += Double(e.usedBlocks) / Double(max(e.totalBlocks, 1)) }
                kvSeries.append(KVSample(time: SimInstant(nanoseconds: nextSample), utilization: used / Double(engines.count)))
                nextSample += sampleNs
            }
            systemArea += Double(inSystem) * Double(now - lastTime)
            lastTime = now
            if ta < te {
                let r = requests[ai]
                let k = entry.lowerBound + router.pick(r, replicas: engines[entry])
                engines[k].enqueue(r, index: ai, now: now)
                inSystem += 1
                ai += 1
                if !engines[k].busy { start(k, now) }
                continue
            }
            let ev = heap.removeMin()
            let r = Int(ev.replica)
            switch ev.kind {
            case 0:
                let before = finished
                engines[r].finishIteration(end: now, log: &log, handoffs: &handoffs, finished: &finished)
                inSystem -= finished - before
                if let decodeRange, let dis = d.disaggregation {
                    for s in handoffs {
                        let target = decodeRange.lowerBound + decodeRouter.pick(requests[Int(s.request)], replicas: engines[decodeRange])
                        let t = SimInstant.nanoseconds(dis.transferTime(tokens: Int(s.computed), hardware: d.hardware))
                        transfers.append(s)
                        sequence += 1
                        heap.insert(Event(time: now + t, kind: 1, sequence: sequence, replica: Int32(target), payload: Int32(transfers.count - 1)))
                    }
                    handoffs.removeAll(keepingCapacity: true)
                }
                start(r, now)
            case 1:
                engines[r].receive(transfers[Int(ev.payload)])
                if !engines[r].busy { start(r, now) }
            default:
                if ev.time == wakePending[r] { wakePending[r] = .max }
                if !engines[r].busy { start(r, now) }
            }
        }
        var gaps = TokenGapHistogram()
        for e in engines { gaps.merge(e.tokenGaps) }
        return ServingRun(requests: requests, tokenGaps: gaps, log: log, end: SimInstant(nanoseconds: lastTime), replicas: engines.map(ReplicaStats.init),
                          systemArea: systemArea, kvSeries: kvSeries, trace: trace, exactEvaluations: surface.exactEvaluations,
                          kvBlocksPerReplica: blocks, blockSize: d.replica.profile.blockSize)
    }
}

/// One recorded iteration (for the Chrome trace).
public struct IterationRecord: Hashable, Sendable {
    public var replica: Int
    public var start: Int64
    public var duration: Int64
    public var prefillTokens: Int
    public var decodes: Int
    public var kvUsedBlocks: Int
}

/// Cluster-mean KV-cache utilisation at one instant (0…1).
public struct KVSample: Hashable, Sendable {
    public var time: SimInstant
    public var utilization: Double
}

/// Per-replica counters at the end of a run.
public struct ReplicaStats: Hashable, Sendable {
    public var role: ReplicaRole
    public var iterations: Int
    public var preemptions: Int
    public var busy: Seconds
    public var meanKVUtilization: Double
    public var peakKVUtilization: Double
    public var prefixHits: Int
    public var prefixLookups: Int
    public var adapterLoads: Int
    public var verifySteps: Int
    public var verifyTokens: Int

    init(_ e: ReplicaEngine) {
        role = e.config.role
        iterations = e.iterations
        preemptions = e.preemptions
        busy = Seconds(Double(e.busyNanoseconds) / 1e9)
        meanKVUtilization = e.meanKVUtilization
        peakKVUtilization = e.totalBlocks > 0 ? Double(e.kvPeakBlocks) / Double(e.totalBlocks) : 0
        prefixHits = e.prefixHits
        prefixLookups = e.prefixLookups
        adapterLoads = e.adapterLoads
        verifySteps = e.verifySteps
        verifyTokens = e.verifyTokensEmitted
    }
}

/// Everything a run produced; `ServingMetrics` summarises it.
public struct ServingRun: Sendable {
    public var requests: [ServeRequest]
    /// Gaps between consecutive tokens, all requests.
    public var tokenGaps: TokenGapHistogram
    public var log: RequestLog
    /// Time of the last event (the last completion).
    public var end: SimInstant
    public var replicas: [ReplicaStats]
    /// ∫ (requests in the system) dt, request·ns, measured from the event loop's counter.
    public var systemArea: Double
    public var kvSeries: [KVSample]
    public var trace: [IterationRecord]
    public var exactEvaluations: Int
    public var kvBlocksPerReplica: Int
    public var blockSize: Int
}
