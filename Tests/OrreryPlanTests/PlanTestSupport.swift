import OrreryCore
import OrreryCost
@testable import OrreryPlan

/// Small requests that search quickly in debug builds.
enum PlanFixtures {
    static func cluster(gpus: Int, gpu: String = "h100-sxm") throws -> ClusterSpec {
        try ClusterCatalog.generic(gpu: try HardwareCatalog.gpu(named: gpu), numGPUs: gpus)
    }

    static func request(_ model: String, gpus: Int, seq: Int, batch: Int, top: Int = 5) throws -> PlanRequest {
        PlanRequest(model: try ModelResolver.resolve(model), cluster: try cluster(gpus: gpus), seqLen: seq, globalBatch: batch, top: top)
    }

    /// A plan built by hand (no estimator), for the export and explanation tests.
    static func planned(tp: Int, pp: Int, dp: Int, cp: Int = 1, vpp: Int = 1, zero: Int = 1, recompute: Recompute = .none,
                        recomputeLayers: Int? = nil, microBatch: Int = 1, globalBatch: Int, split: StageSplit,
                        offload: Bool = false, time: TimeBreakdown = TimeBreakdown()) -> PlannedLayout {
        let layout = ParallelLayout(tp: tp, pp: pp, dp: dp, cp: cp, vpp: vpp, zero: zero, recompute: recompute,
                                    recomputeLayers: recomputeLayers, sequenceParallel: tp > 1,
                                    microBatch: microBatch, globalBatch: globalBatch)
        let e = StepEstimate(stepTime: time.total, time: time, memory: MemoryBreakdown(), fits: true, modelFLOPs: FLOPs(1e15),
                             tokensPerSecondPerGPU: 1000, mfu: 0.4, kernelSource: "test")
        return PlannedLayout(layout: layout, split: split, offloadOptimizer: offload, estimate: e, fits: true)
    }
}
