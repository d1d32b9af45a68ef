import Collections
import OrreryCore

/// One replica's serving engine at iteration level (Orca, Yu et al., OSDI 2022: continuous
/// batching): `startIteration` forms a batch under the token budget with
/// `ContinuousBatchScheduler` rules and returns its latency from the cost surface;
/// `finishIteration` applies its effects when simulated time reaches its end (tokens are
/// emitted at the end of the iteration that computes them).
public struct ReplicaEngine {
    public let index: Int
    public let config: ReplicaConfig
    let surface: IterationCostSurface
    let draftSurface: IterationCostSurface?
    var kv: PagedKVCache
    var adapters: AdapterCache?
    var waiting = Deque<ServeSequence>()
    var incoming = Deque<ServeSequence>()
    var swapped = Deque<ServeSequence>()
    var running: [ServeSequence] = []
    var rng: SplitMix64
    /// Bytes of KV per token and the host link, for swap and hand-off times.
    let kvBytesPerToken: Double
    let hostBandwidth: Double
    let specTokens: Int
    /// Hot-loop copies of configuration (reading `config` copies its strings and arrays).
    let maxBatchedTokens: Int, maxSequences: Int, chunkedPrefill: Bool
    /// Speculative decoding: draft tokens (0 = off) and per-position acceptance with the
    /// tree width applied.
    let draftTokens: Int
    let positionAcceptance: [Double]
    let draftCostPerStep: (overhead: Double, treeWidth: Int, fixed: Double?)

    // Iteration in flight.
    public private(set) var busy = false
    var pendingSwapBytes = 0.0
    /// Every decoding sequence is in the iteration in flight (set by the scheduler's fast
    /// path instead of marking each one).
    var decodeAll = false
    /// Scratch list of the scheduler's fast path.
    var growIndex: [Int32] = []

    // Counters.
    public private(set) var iterations = 0
    public private(set) var preemptions = 0
    public private(set) var busyNanoseconds: Int64 = 0
    public private(set) var verifySteps = 0
    public private(set) var verifyTokensEmitted = 0
    /// Blocks the batch uses, time-weighted over busy iterations (block·ns).
    public private(set) var kvBlockNanoseconds: Double = 0
    public private(set) var kvPeakBlocks = 0
    public private(set) var tokenGaps = TokenGapHistogram()
    private var adapterStamp: [Int32]
    private var stamp: Int32 = 0

    public init(index: Int, config: ReplicaConfig, surface: IterationCostSurface, draftSurface: IterationCostSurface?,
                totalBlocks: Int, seed: UInt64) {
        self.index = index
        self.config = config
        self.surface = surface
        self.draftSurface = draftSurface
        kv = PagedKVCache(blockSize: config.profile.blockSize, totalBlocks: totalBlocks)
        adapters = config.lora.map { AdapterCache(config: $0, model: surface.hardware.model) }
        adapterStamp = Array(repeating: -1, count: config.lora?.adapters.count ?? 0)
        rng = SplitMix64(seed: seed &+ UInt64(index) &* 0x9E37_79B9_7F4A_7C15)
        kvBytesPerToken = surface.hardware.kvBytesPerToken.value
        let link = (try? HardwareCatalog.link(named: surface.hardware.gpu.hostLink))?.bandwidthPerDirection.value ?? 32e9
        hostBandwidth = link
        specTokens = config.speculative?.verifyTokens ?? 1
        maxBatchedTokens = config.profile.maxBatchedTokens
        maxSequences = config.profile.maxSequences
        chunkedPrefill = config.profile.chunkedPrefill
        if let spec = config.speculative {
            draftTokens = spec.draftTokens
            positionAcceptance = (0..<spec.draftTokens).map(spec.positionAcceptance)
            if case .heads(let c) = spec.drafter {
                draftCostPerStep = (spec.draftStepOverhead.value, spec.treeWidth, c.value)
            } else {
                draftCostPerStep = (spec.draftStepOverhead.value, spec.treeWidth, nil)
            }
        } else {
            draftTokens = 0
            positionAcceptance = []
            draftCostPerStep = (0, 1, nil)
        }
    }

    /// Requests held by the replica (waiting, running, swapped out, arriving KV).
    @inline(__always)
    public var outstanding: Int { waiting.count + running.count + swapped.count + incoming.count }
    public var isIdle: Bool { !busy && outstanding == 0 }
    public var totalBlocks: Int { kv.totalBlocks }
    public var usedBlocks: Int { kv.used }
    public var prefixHits: Int { kv.prefixHits }
    public var prefixLookups: Int { kv.prefixLookups }
    public var adapterLoads: Int { adapters?.loads ?? 0 }

    /// Queues a new request.
    mutating func enqueue(_ r: ServeRequest, index: Int, now: Int64) {
        let s = ServeSequence(r, index: index)
        if let a = r.adapter, adapters != nil { _ = adapters!.request(a, now: now) }
        waiting.append(s)
    }

    /// Receives a prefilled sequence whose KV cache has arrived (decode role).
    mutating func receive(_ s: ServeSequence) { incoming.append(s) }

    /// Forms the next batch at `now`. Returns the iteration latency in ns, or nil when
    /// there is nothing to run; `wake` is then the earliest time a blocked request may
    /// become runnable (an adapter load completing), if any.
    mutating func startIteration(now: Int64, wake: inout Int64?) -> Int64? {
        precondition(!busy)
        var plan = ContinuousBatchScheduler.Plan()
        decodeAll = false
        ContinuousBatchScheduler.schedule(&self, now: now, plan: &plan, wake: &wake)
        guard plan.scheduledSequences > 0 else { return nil }
        var t = surface.iteration(prefillTokens: plan.prefillTokens, decodeCount: plan.decodes,
                                  meanContext: plan.decodes > 0 ? plan.decodeContextSum / plan.decodes : 0, q: specTokens)
        if draftTokens > 0, plan.decodes > 0 { t += draftCost(plan) }
        if adapters != nil { t += loraCost(plan) }
        t += pendingSwapBytes / hostBandwidth
        pendingSwapBytes = 0
        let ns = max(1, Int64((t * 1e9).rounded()))
        busy = true
        iterations += 1
        busyNanoseconds += ns
        kvBlockNanoseconds += Double(kv.used) * Double(ns)
        kvPeakBlocks = max(kvPeakBlocks, kv.used)
        lastPlan = plan
        return ns
    }

    var lastPlan = ContinuousBatchScheduler.Plan()

    private func draftCost(_ plan: ContinuousBatchScheduler.Plan) -> Double {
        if let fixed = draftCostPerStep.fixed { return fixed }
        guard let d = draftSurface else { return 0 }
        let ctx = plan.decodeContextSum / max(plan.decodes, 1)
        let step = d.decode(batch: plan.decodes, context: ctx, q: draftCostPerStep.treeWidth) + draftCostPerStep.overhead
        return Double(draftTokens) * step + d.prefill(tokens: plan.prefillTokens)
    }

    private mutating func loraCost(_ plan: ContinuousBatchScheduler.Plan) -> Double {
        guard let cache = adapters else { return 0 }
        stamp &+= 1
        var distinct = 0
        var bytesRead = 0.0, flops = 0.0
        for s in running where s.adapter >= 0 {
            let tokens = s.scheduled > 0 ? Int(s.scheduled) : (decodeAll && s.decoding ? specTokens : 0)
            guard tokens > 0 else { continue }
            let a = Int(s.adapter)
            let b = cache.adapterBytes(a).value
            flops += Double(tokens) * b
            if adapterStamp[a] != stamp { adapterStamp[a] = stamp; distinct += 1; bytesRead += b }
        }
        return cache.batchOverhead(distinct: distinct, bytesRead: bytesRead, flops: flops, layers: surface.hardware.model.layers,
                                   gpu: surface.hardware.gpu, gpus: surface.hardware.gpuCount)
    }

    /// Applies the iteration that ends at `end`: emits tokens, finishes requests (recorded
    /// in `log`), and appends prefilled sequences to `handoffs` (prefill role).
    mutating func finishIteration(end: Int64, log: inout RequestLog, handoffs: inout [ServeSequence], finished: inout Int) {
        busy = false
        // Walk the batch through a buffer pointer (no per-element uniqueness checks); the
        // array is moved out so that `self` can be mutated inside.
        var list: [ServeSequence] = []
        swap(&list, &running)
        let gamma = draftTokens
        let accept = positionAcceptance
        let handsOff = config.role == .prefill
        let publishes = config.prefixCaching
        let me = Int32(index)
        let all = decodeAll
        decodeAll = false
        // Consecutive equal token gaps are counted as one run (one histogram look-up).
        var runGap: Int64 = -1, runCount = 0
        var write = 0
        list.withUnsafeMutableBufferPointer { buf in
            for read in 0..<buf.count {
                var s = buf[read]
                var keep = true
                if s.scheduled > 0 || (all && s.decoding) {
                    if s.decoding {
                        var emitted: Int32 = 1
                        if gamma > 0 {
                            // Accepted prefix of the draft, plus the target's own token.
                            var k = 0
                            while k < gamma && rng.unit() < accept[k] { k += 1 }
                            emitted = Int32(k + 1)
                            verifySteps += 1
                            verifyTokensEmitted += k + 1
                        }
                        emitted = min(emitted, s.output - s.generated)
                        let gap = end - s.lastEmit
                        if gap != runGap {
                            if runCount > 0 { tokenGaps.add(gapNanoseconds: runGap, count: runCount) }
                            runGap = gap
                            runCount = 0
                        }
                        runCount += 1
                        s.lastEmit = end
                        s.computed += emitted
                        s.generated += emitted
                    } else {
                        s.computed += s.scheduled
                        if s.computed >= s.prompt {
                            if publishes, s.prefixGroup >= 0, s.cachedPrefix == 0, s.prefixTokens > 0 {
                                let n = kv.publishPrefix(Int(s.prefixGroup), tokens: Int(s.prefixTokens), now: end)
                                if n > 0 { s.blocks -= Int32(n); s.cachedPrefix = Int32(n * kv.blockSize) }
                            }
                            // A recomputed sequence's next token ends a gap that includes its stall.
                            if s.generated > 0 { tokenGaps.add(gapNanoseconds: end - s.lastEmit) }
                            s.generated += 1
                            s.decoding = true
                            s.lastEmit = end
                            let r = Int(s.request)
                            if log.firstToken[r] < 0 { log.firstToken[r] = end; log.replica[r] = me }
                            if s.generated < s.output && handsOff {
                                handoffs.append(s)
                                release(&s, now: end)
                                keep = false
                            }
                        }
                    }
                    s.scheduled = 0
                    if keep && s.generated >= s.output {
                        let r = Int(s.request)
                        log.finish[r] = end
                        log.replica[r] = me
                        finished += 1
                        release(&s, now: end)
                        keep = false
                    }
                }
                if keep {
                    buf[write] = s
                    write += 1
                }
            }
        }
        if runCount > 0 { tokenGaps.add(gapNanoseconds: runGap, count: runCount) }
        list.removeLast(list.count - write)
        swap(&list, &running)
    }

    /// Frees a sequence's blocks, prefix reference and adapter pin.
    mutating func release(_ s: inout ServeSequence, now: Int64) {
        kv.release(Int(s.blocks))
        s.blocks = 0
        if s.cachedPrefix > 0 { kv.releasePrefix(Int(s.prefixGroup), now: now); s.cachedPrefix = 0 }
        if s.adapter >= 0 { adapters?.unpin(Int(s.adapter), now: now) }
    }

    /// Preempts `running[k]` (vLLM §4.5): recompute drops its KV and requeues it at the
    /// front of `waiting` to prefill prompt + generated tokens; swap copies its blocks to
    /// host memory (time charged to the next iteration) and parks it in `swapped`.
    mutating func preempt(at k: Int, now: Int64) {
        var s = running.remove(at: k)
        preemptions += 1
        s.scheduled = 0
        switch config.preemption {
        case .recompute:
            if s.decoding { s.prompt = s.computed + 1 }
            s.computed = 0
            s.decoding = false
            release(&s, now: now)
            waiting.prepend(s)
        case .swap:
            let own = Int(s.blocks)
            let shared = kv.blocks(forTokens: Int(s.cachedPrefix))
            pendingSwapBytes += Double((own + shared) * kv.blockSize) * kvBytesPerToken
            kv.release(own)
            if s.cachedPrefix > 0 { kv.releasePrefix(Int(s.prefixGroup), now: now) }
            s.blocks = Int32(own + shared)
            s.cachedPrefix = 0
            if s.adapter >= 0 { adapters?.unpin(Int(s.adapter), now: now) }
            swapped.append(s)
        }
    }

    /// Mean KV utilisation over busy time (0…1).
    public var meanKVUtilization: Double {
        busyNanoseconds > 0 && kv.totalBlocks > 0 ? kvBlockNanoseconds / Double(busyNanoseconds) / Double(kv.totalBlocks) : 0
    }
}
