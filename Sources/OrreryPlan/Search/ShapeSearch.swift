import OrreryCore
import OrreryCost

/// Pricing the options of one (shape, micro-batch) pair: recomputation × offload.
///
/// Every estimate goes through the planner-side adjustments, in order:
/// `UnevenSplitAdjustment`, then `OptimizerOffload` when chosen (ZeRO-3's per-micro-batch
/// parameter gathers are priced by the estimator itself).
///
/// Pruning (each keeps the optimum of "least step time among layouts that fit"):
/// - `bound`: the no-recompute estimate is a lower bound on the pair's every option
///   (recomputation only adds work; offload is bounded by taking the cheaper optimizer term);
/// - when no recomputation fits, the other options are dominated and not priced;
/// - "full recompute of n layers per stage" is searched by bisection for the smallest n that
///   fits (memory falls and time rises monotonically with n).
struct ShapeSearch {
    var estimator: any StepEstimating
    var request: PlanRequest

    /// Recompute options at one micro-batch (none, selective, full on 1…perStage layers).
    func optionCount(_ shape: LayoutShape) -> Int {
        let fullOptions = shape.vpp == 1 ? shape.split.middle : 1
        switch request.constraints.recompute {
        case .none?, .selective?: return 1
        case .full?: return fullOptions
        case nil: return 2 + fullOptions
        }
    }

    /// The layout of an option. Key: 0 = none, −1 = selective, n > 0 = full on n layers
    /// per stage (n = layers per stage: all).
    func layout(_ shape: LayoutShape, mb: Int, key: Int) -> ParallelLayout {
        let full = shape.split.middle
        let recompute: Recompute = key == 0 ? .none : key < 0 ? .selective : .full
        return shape.layout(microBatch: mb, recompute: recompute, recomputeLayers: key > 0 && key < full ? key : nil,
                            globalBatch: request.globalBatch)
    }

    func config(_ layout: ParallelLayout) -> TrainingConfig {
        TrainingConfig(model: request.model, layout: layout, seqLen: request.seqLen, precision: request.precision,
                       optimizer: request.optimizer)
    }

    /// The adjusted estimate of an option without offload, or nil if the estimator throws.
    func estimate(_ shape: LayoutShape, mb: Int, key: Int) -> StepEstimate? {
        let c = config(layout(shape, mb: mb, key: key))
        guard let raw = try? estimator.estimate(c, on: request.cluster) else { return nil }
        return UnevenSplitAdjustment.apply(raw, split: shape.split, model: request.model, seqLen: request.seqLen)
    }

    func planned(_ shape: LayoutShape, mb: Int, key: Int, estimate: StepEstimate, offload: Bool) -> PlannedLayout {
        let l = layout(shape, mb: mb, key: key)
        var e = offload ? OptimizerOffload.apply(estimate, config: config(l), cluster: request.cluster) : estimate
        e.fits = MemoryBudget.fits(peak: e.memory.total, gpu: request.cluster.gpu, reserve: request.memoryReserve)
        return PlannedLayout(layout: l, split: shape.split, offloadOptimizer: offload, estimate: e, fits: e.fits)
    }

    /// A pair's first estimate (no recomputation) and the lower bound it gives.
    struct Bound: Sendable {
        var shapeIndex: Int
        var microBatch: Int
        var none: StepEstimate
        /// No option of the pair is faster than this.
        var lowerBound: Seconds
    }

    func bound(_ shape: LayoutShape, index: Int, mb: Int) -> Bound? {
        guard let none = estimate(shape, mb: mb, key: 0) else { return nil }
        var lower = none.stepTime
        if request.allowOffload {
            lower = min(lower, planned(shape, mb: mb, key: 0, estimate: none, offload: true).stepTime)
        }
        return Bound(shapeIndex: index, microBatch: mb, none: none, lowerBound: lower)
    }

    struct LadderOutcome {
        var fitting: [PlannedLayout] = []
        var evaluated = 0
        var smallestPeak: Bytes?
    }

    /// Every non-dominated option of a pair that fits.
    func ladder(_ shape: LayoutShape, _ b: Bound) -> LadderOutcome {
        var out = LadderOutcome()
        let mb = b.microBatch
        var cache: [Int: StepEstimate] = [0: b.none]
        let full = shape.split.middle
        let pinned = request.constraints.recompute
        func option(_ key: Int, offload: Bool) -> PlannedLayout? {
            let e: StepEstimate
            if let hit = cache[key] { e = hit } else {
                out.evaluated += 1
                guard let fresh = estimate(shape, mb: mb, key: key) else { return nil }
                cache[key] = fresh
                e = fresh
            }
            let p = planned(shape, mb: mb, key: key, estimate: e, offload: offload)
            if out.smallestPeak == nil || p.peakMemory < out.smallestPeak! { out.smallestPeak = p.peakMemory }
            return p
        }
        /// Smallest n in 1…full whose full recomputation fits (vpp > 1: all layers only).
        func smallestFullFit(offload: Bool) -> PlannedLayout? {
            guard let all = option(full, offload: offload), all.fits else { return nil }
            guard shape.vpp == 1, full > 1 else { return all }
            var lo = 1, hi = full, best = all
            while lo < hi {
                let mid = (lo + hi) / 2
                if let p = option(mid, offload: offload), p.fits { best = p; hi = mid } else { lo = mid + 1 }
            }
            return best
        }

        var forcedPeak: Bytes?
        if pinned == nil || pinned == Recompute.none {
            let p = planned(shape, mb: mb, key: 0, estimate: b.none, offload: false)
            if out.smallestPeak == nil || p.peakMemory < out.smallestPeak! { out.smallestPeak = p.peakMemory }
            if p.fits { out.fitting.append(p); return out }
            forcedPeak = p.peakMemory
        }
        var found: [PlannedLayout] = []
        for offload in request.allowOffload ? [false, true] : [false] {
            if offload, pinned == nil || pinned == Recompute.none, let p = option(0, offload: true), p.fits { found.append(p) }
            if pinned == nil || pinned == .selective, let p = option(-1, offload: offload), p.fits { found.append(p) }
            if pinned == nil || pinned == .full, let p = smallestFullFit(offload: offload) { found.append(p) }
            if !found.isEmpty && !offload {
                // Fits on the GPU alone: offloaded variants only pay off if they avoid recomputation.
                if request.allowOffload, pinned == nil || pinned == Recompute.none, let p = option(0, offload: true), p.fits {
                    found.append(p)
                }
                break
            }
        }
        for var p in found {
            p.forcedByMemory = forcedPeak
            out.fitting.append(p)
        }
        return out
    }
}
