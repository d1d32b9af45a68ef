import OrreryCore
import OrreryCost

/// One priced candidate: the layout, the planner-side choices the estimator does not know
/// (uneven split, optimizer offload), and the adjusted estimate.
public struct PlannedLayout: Hashable, Sendable {
    public var layout: ParallelLayout
    public var split: StageSplit
    /// Optimizer states in host memory, step on the CPU (`OptimizerOffload`).
    public var offloadOptimizer: Bool
    public var estimate: StepEstimate
    /// Whether the peak fits capacity minus the estimator's allowances and the reserve.
    public var fits: Bool
    /// When recomputation or offload was chosen because the cheaper option did not fit:
    /// that option's peak memory.
    public var forcedByMemory: Bytes?

    public init(layout: ParallelLayout, split: StageSplit, offloadOptimizer: Bool, estimate: StepEstimate, fits: Bool,
                forcedByMemory: Bytes? = nil) {
        self.layout = layout
        self.split = split
        self.offloadOptimizer = offloadOptimizer
        self.estimate = estimate
        self.fits = fits
        self.forcedByMemory = forcedByMemory
    }

    public var stepTime: Seconds { estimate.stepTime }
    public var peakMemory: Bytes { estimate.memory.total }

    /// "full", "full (3 of 10 layers per stage)", "selective", "none".
    public var recomputeDescription: String {
        if layout.recompute == .full, let n = layout.recomputeLayers { return "full \(n)/\(split.middle)" }
        return layout.recompute.rawValue
    }

    /// Total order for ranking: step time, then a fixed key (deterministic ties).
    static func ranksBefore(_ a: PlannedLayout, _ b: PlannedLayout) -> Bool {
        if a.stepTime.value != b.stepTime.value { return a.stepTime.value < b.stepTime.value }
        return a.tieKey.lexicographicallyPrecedes(b.tieKey)
    }

    var tieKey: [Int] {
        let l = layout
        let recompute = [Recompute.none: 0, .selective: 1, .full: 2][l.recompute] ?? 3
        return [l.tp, l.cp, l.pp, l.ep, l.vpp, l.zero, recompute, l.recomputeLayers ?? 0, l.microBatch,
                offloadOptimizer ? 1 : 0, l.sequenceParallel ? 1 : 0, split.first, split.last]
    }
}

/// Whether a peak fits a GPU with the estimator's allowances (`TrainingEstimator.fits`:
/// allocator fragmentation and memory outside the allocator) plus the request's reserve.
public enum MemoryBudget {
    public static func fits(peak: Bytes, gpu: GPUSpec, reserve: Bytes) -> Bool {
        peak * (1 + TrainingEstimator.fragmentation) + TrainingEstimator.reservedOutsideAllocator + reserve <= gpu.hbmBytes
    }

    /// The largest allocator peak that fits.
    public static func usablePeak(gpu: GPUSpec, reserve: Bytes) -> Bytes {
        (gpu.hbmBytes - TrainingEstimator.reservedOutsideAllocator - reserve) / (1 + TrainingEstimator.fragmentation)
    }

    /// A lower bound on a shape's per-GPU peak: the first stage's weights, gradients and
    /// optimizer states under its ZeRO sharding (optimizer states dropped when offloading is
    /// allowed), with no activations. Parameters: `ParameterCount` (exact), divided by tp,
    /// the first stage's layers, experts divided by ep.
    static func lowerBound(_ s: LayoutShape, request: PlanRequest) -> Bytes {
        let m = request.model
        var layerParams = 0.0
        for i in 0..<min(s.split.first, m.layers) {
            var mlp = Double(m.isMoELayer(i) ? m.moeMLPParametersPerLayer : m.denseMLPParametersPerLayer)
            if m.isMoELayer(i), let moe = m.moe {
                mlp -= Double(moe.experts - moe.experts / max(s.ep, 1)) * Double(m.expertParameters)
            }
            layerParams += Double(m.attentionParametersPerLayer) + mlp
        }
        let params = (layerParams + Double(m.embeddingParameters)) / Double(s.tp)
        let perParam = ParameterMemory(precision: request.precision, optimizer: request.optimizer).sharded(zero: s.zero, dp: s.dp)
        let optimizer = request.allowOffload ? 0 : perParam.optimizerBytes
        return Bytes(params * (perParam.weightBytes + perParam.gradientBytes + optimizer))
    }
}
