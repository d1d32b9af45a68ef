import Foundation
import OrreryCore
import OrreryCost

/// Orrery's pick beside a published layout, both priced by the same estimator.
public struct LayoutComparison: Sendable {
    public var published: PublishedLayout
    /// The best plan with the published tp, pp, cp (and so dp) pinned.
    public var publishedPlan: PlannedLayout
    /// The best plan of the free search.
    public var pick: PlannedLayout
    public var gpu: GPUSpec

    /// Predicted model TFLOP/s per GPU (Megatron-LM FLOP count, `StepEstimate.mfu`).
    public static func modelTFLOPs(_ p: PlannedLayout, gpu: GPUSpec) -> Double { p.estimate.mfu * gpu.peak(.bf16).tera }

    /// Pick's predicted throughput over the published layout's, minus one.
    public var predictedGain: Double { pick.estimate.tokensPerSecondPerGPU / publishedPlan.estimate.tokensPerSecondPerGPU - 1 }

    public var summary: String {
        func describe(_ p: PlannedLayout) -> String {
            PlanLayoutText.short(p) + String(format: " → %.0f TFLOP/s/GPU, %.0f tok/s/GPU", Self.modelTFLOPs(p, gpu: gpu), p.estimate.tokensPerSecondPerGPU)
        }
        let measured = published.measuredModelTFLOPsPerGPU.map { String(format: " (measured %.0f)", $0) } ?? ""
        return "\(published.name): published \(describe(publishedPlan))\(measured); Orrery \(describe(pick))"
            + String(format: " (%+.1f%%)", 100 * predictedGain)
    }
}

/// Runs the planner on each published case (`PublishedLayouts`).
public enum PublishedLayoutComparison {
    public static func run(_ layouts: [PublishedLayout] = PublishedLayouts.all,
                           planner: LayoutPlanner = LayoutPlanner()) throws -> [LayoutComparison] {
        try layouts.map { try compare($0, planner: planner) }
    }

    public static func compare(_ p: PublishedLayout, planner: LayoutPlanner) throws -> LayoutComparison {
        let cluster = try ClusterCatalog.cluster(named: p.clusterPreset, nodes: p.numGPUs / 8)
        let request = PlanRequest(model: p.model, cluster: cluster, seqLen: p.seqLen, globalBatch: p.globalBatch, top: 1)
        let pick = try planner.plan(request).best.planned
        let published = try planner.best(request, pinning: LayoutConstraints(tp: p.tp, pp: p.pp, cp: p.cp))
        return LayoutComparison(published: p, publishedPlan: published, pick: pick, gpu: cluster.gpu)
    }
}

/// Short one-line descriptions of a plan's layout.
public enum PlanLayoutText {
    /// "tp8 pp16 dp128 cp1 zero1 mb1 full split 8/8/6".
    public static func short(_ p: PlannedLayout) -> String {
        let l = p.layout
        var s = "tp\(l.tp) pp\(l.pp) dp\(l.dp) cp\(l.cp)"
        if l.ep > 1 { s += " ep\(l.ep)" }
        if l.vpp > 1 { s += " vpp\(l.vpp)" }
        s += " zero\(l.zero) mb\(l.microBatch) \(p.recomputeDescription)"
        if !p.split.isEven { s += " split \(p.split.first)/\(p.split.middle)/\(p.split.last)" }
        if p.offloadOptimizer { s += " offload" }
        return s
    }
}
