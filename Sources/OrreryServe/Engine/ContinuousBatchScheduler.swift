/// The batching policy of one iteration (iteration-level scheduling, Orca; token budget
/// and chunked prefill, Sarathi-Serve, Agrawal et al., OSDI 2024; vLLM V1's scheduler):
///
/// 1. swapped-out and arriving (disaggregated) sequences come back first, while blocks last;
/// 2. every running decode gets its verify tokens (1, or 1 + width·γ with speculation),
///    growing its blocks; when blocks run out the most recently admitted sequence is
///    preempted (recompute or swap) — decodes are never stalled by prefills ("stall-free");
/// 3. running prefills continue with chunks that fit the remaining token budget;
/// 4. waiting requests are admitted first-come first-served while the budget, the
///    sequence limit and free blocks (above a 1 % watermark) allow; a request whose LoRA
///    adapter is still loading is passed over (up to 8 further requests are looked at).
///
/// Without chunked prefill (vLLM V0's default policy) prompts are admitted whole, and an
/// iteration that admits any prompt runs prefills only: decodes wait ("generation stalls",
/// Sarathi-Serve §3).
enum ContinuousBatchScheduler {
    struct Plan {
        var prefillTokens = 0
        var decodes = 0
        var decodeContextSum = 0
        var scheduledSequences = 0
    }

    static let adapterLookahead = 8

    static func schedule(_ e: inout ReplicaEngine, now: Int64, plan: inout Plan, wake: inout Int64?) {
        var budget = e.maxBatchedTokens
        let q = e.specTokens
        let watermark = Int(Double(e.kv.totalBlocks) * e.config.watermark)

        // 1. Swapped-out sequences (priority over new work), then arriving KV caches.
        while let s = e.swapped.first, e.running.count < e.maxSequences, e.kv.allocate(Int(s.blocks)) {
            var s = e.swapped.removeFirst()
            e.pendingSwapBytes += Double(Int(s.blocks) * e.kv.blockSize) * e.kvBytesPerToken
            if s.adapter >= 0 { e.adapters?.pin(Int(s.adapter), now: now) }
            s.scheduled = 0
            e.running.append(s)
        }
        while let s = e.incoming.first, e.running.count < e.maxSequences {
            let need = e.kv.blocks(forTokens: Int(s.computed) + q)
            guard e.kv.available - need >= watermark || e.running.isEmpty, e.kv.allocate(need) else { break }
            var s = e.incoming.removeFirst()
            s.blocks = Int32(need)
            if s.adapter >= 0 { e.adapters?.pin(Int(s.adapter), now: now) }
            e.running.append(s)
        }

        // Without chunking, a prefill-only iteration when prompts can be admitted.
        if !e.chunkedPrefill && e.config.role != .decode {
            admit(&e, now: now, budget: &budget, plan: &plan, wake: &wake, watermark: watermark, whole: true)
            if plan.scheduledSequences > 0 { return }
        }

        // 2. Decodes. Fast path: when the free blocks cover every decode's growth, grow
        // them all in one pass (the common case); otherwise go one by one with preemption.
        if e.config.role != .prefill && !fastDecodes(&e, q: q, budget: &budget, plan: &plan) {
            var i = 0
            while i < e.running.count {
                let s = e.running[i]
                guard s.decoding else { i += 1; continue }
                if budget < q { break }
                let need = e.kv.blocks(forTokens: s.ownTokens + q) - Int(s.blocks)
                var placed = need <= 0 || e.kv.allocate(need)
                while !placed {
                    // Preempt the most recently admitted sequence other than this one.
                    let victim = e.running.count - 1
                    if victim == i {
                        e.preempt(at: i, now: now)
                        break
                    }
                    if e.running[victim].scheduled > 0 {
                        // Already scheduled this iteration: undo its decode accounting.
                        let v = e.running[victim]
                        plan.decodes -= 1
                        plan.decodeContextSum -= Int(v.computed)
                        plan.scheduledSequences -= 1
                        budget += Int(v.scheduled)
                    }
                    e.preempt(at: victim, now: now)
                    placed = e.kv.allocate(need)
                }
                guard placed else { continue }   // this one was preempted; index i now holds the next
                if need > 0 { e.running[i].blocks += Int32(need) }
                e.running[i].scheduled = Int32(q)
                budget -= q
                plan.decodes += 1
                plan.decodeContextSum += Int(s.computed)
                plan.scheduledSequences += 1
                i += 1
            }
        }
        guard e.config.role != .decode else { return }

        // 3. Running prefills continue.
        if e.chunkedPrefill {
            for i in e.running.indices where budget > 0 && !e.running[i].decoding && e.running[i].scheduled == 0 {
                let s = e.running[i]
                let chunk = min(Int(s.prompt - s.computed), budget)
                let need = e.kv.blocks(forTokens: s.ownTokens + chunk) - Int(s.blocks)
                guard need <= 0 || e.kv.allocate(need) else { continue }
                if need > 0 { e.running[i].blocks += Int32(need) }
                e.running[i].scheduled = Int32(chunk)
                budget -= chunk
                plan.prefillTokens += chunk
                plan.scheduledSequences += 1
            }
            // 4. Admission.
            admit(&e, now: now, budget: &budget, plan: &plan, wake: &wake, watermark: watermark, whole: false)
        }
    }

    /// Schedules every running decode when free blocks and the budget allow it without
    /// preemption (one read-only pass, then fix-ups for the few sequences that cross a
    /// block boundary); sets `decodeAll` instead of marking each sequence. False (nothing
    /// changed) otherwise.
    static func fastDecodes(_ e: inout ReplicaEngine, q: Int, budget: inout Int, plan: inout Plan) -> Bool {
        let bs = e.kv.blockSize
        var need = 0, count = 0, contexts = 0
        e.growIndex.removeAll(keepingCapacity: true)
        var grow = e.growIndex
        e.growIndex = []
        e.running.withUnsafeBufferPointer { buf in
            for i in 0..<buf.count where buf[i].decoding {
                count += 1
                contexts += Int(buf[i].computed)
                let tokens = buf[i].ownTokens + q
                if Int(buf[i].blocks) * bs < tokens {
                    need += (tokens + bs - 1) / bs - Int(buf[i].blocks)
                    grow.append(Int32(i))
                }
            }
        }
        defer { e.growIndex = grow }
        guard count > 0 else { return true }
        guard count * q <= budget, need <= e.kv.available, e.kv.allocate(need) else { return false }
        for i in grow {
            let tokens = e.running[Int(i)].ownTokens + q
            e.running[Int(i)].blocks = Int32((tokens + bs - 1) / bs)
        }
        e.decodeAll = true
        budget -= count * q
        plan.decodes += count
        plan.decodeContextSum += contexts
        plan.scheduledSequences += count
        return true
    }

    /// Admits waiting requests (step 4); `whole` admits only prompts that fit the budget
    /// entire (a lone prompt longer than the budget still runs, alone).
    static func admit(_ e: inout ReplicaEngine, now: Int64, budget: inout Int, plan: inout Plan, wake: inout Int64?,
                      watermark: Int, whole: Bool) {
        var looked = 0
        var k = 0
        while budget > 0, e.running.count < e.maxSequences, k < e.waiting.count {
            var s = e.waiting[k]
            if s.adapter >= 0, var cache = e.adapters {
                let ready = cache.request(Int(s.adapter), now: now)
                e.adapters = cache
                if ready == nil || ready! > now {
                    if let t = ready ?? cache.nextReady(after: now) { wake = min(wake ?? .max, t) }
                    looked += 1
                    if looked > adapterLookahead { return }
                    k += 1
                    continue
                }
            }
            if e.config.prefixCaching, s.prefixGroup >= 0, s.cachedPrefix == 0, s.computed == 0, s.prefixTokens > 0 {
                let hit = e.kv.acquirePrefix(Int(s.prefixGroup), now: now)
                if hit > 0 && hit < Int(s.prompt) {
                    s.cachedPrefix = Int32(hit)
                    s.computed = Int32(hit)
                } else if hit > 0 {
                    e.kv.releasePrefix(Int(s.prefixGroup), now: now)   // the prompt is the prefix: nothing to reuse
                }
            }
            let remaining = Int(s.prompt - s.computed)
            let chunk: Int
            if whole {
                guard remaining <= budget || plan.scheduledSequences == 0 else { undoPrefix(&e, &s, now: now); return }
                chunk = remaining
            } else {
                chunk = min(remaining, budget)
            }
            let reserveTokens: Int
            switch e.config.reservation {
            case .paged: reserveTokens = s.ownTokens + chunk
            case .oracleLength: reserveTokens = Int(s.prompt + s.output) - Int(s.cachedPrefix)
            case .maxLength(let n): reserveTokens = max(n, Int(s.prompt + s.output)) - Int(s.cachedPrefix)
            }
            let need = e.kv.blocks(forTokens: reserveTokens)
            let lone = e.running.isEmpty && plan.scheduledSequences == 0
            let blocksOK = (e.kv.available - need >= watermark || lone) && e.kv.allocate(need)
            guard blocksOK else { undoPrefix(&e, &s, now: now); return }
            s.blocks = Int32(need)
            s.scheduled = Int32(chunk)
            e.waiting.remove(at: k)
            if s.adapter >= 0 { e.adapters?.pin(Int(s.adapter), now: now) }
            e.running.append(s)
            budget -= chunk
            plan.prefillTokens += chunk
            plan.scheduledSequences += 1
        }
    }

    private static func undoPrefix(_ e: inout ReplicaEngine, _ s: inout ServeSequence, now: Int64) {
        if s.cachedPrefix > 0 {
            e.kv.releasePrefix(Int(s.prefixGroup), now: now)
            s.cachedPrefix = 0
            s.computed = 0
        }
    }
}
