import OrreryCore
import OrreryCost

/// Re-times an estimate for an uneven pipeline split (`StageSplit`), which the estimator
/// does not model: it prices the first and last stages with ⌈layers / pp⌉ layers each.
///
/// The slowest stage's per-micro-batch work goes from `w₀ = ⌈L/pp⌉ + h` (the estimator's
/// last stage: its layers plus the logits, h layer-equivalents, `HeadCost`) to
/// `w = split.slowestLoad(h)`. Every term the slowest stage's work drives scales by `w / w₀`:
/// compute, recompute, pipeline bubble ((pp − 1) of those stage times, Narayanan et al. 2021
/// §2.2), and the per-layer tensor-, context- and expert-parallel collectives. Data-parallel
/// reduction, pipeline send/receive, optimizer and overheads do not change. Memory is left as
/// the estimator's: no stage holds more layers than ⌈L/pp⌉, so it is an upper bound.
public enum UnevenSplitAdjustment {
    public static func apply(_ e: StepEstimate, split: StageSplit, model: ModelArchitecture, seqLen: Int) -> StepEstimate {
        guard split.stages > 1 else { return e }
        let h = HeadCost.layerEquivalents(model, seqLen: seqLen)
        let reference = Double(split.middle) + h
        let scale = split.slowestLoad(headLayerEquivalents: h) / reference
        guard abs(scale - 1) > 1e-12 else { return e }
        var out = e
        out.time.compute = e.time.compute * scale
        out.time.recompute = e.time.recompute * scale
        out.time.bubble = e.time.bubble * scale
        out.time.tpComm = e.time.tpComm * scale
        out.time.cpComm = e.time.cpComm * scale
        out.time.epComm = e.time.epComm * scale
        out.gpuBusyByKind = e.gpuBusyByKind.mapValues { $0 * scale }
        return PlanAdjustment.retimed(out, from: e)
    }
}
