import Foundation
import OrreryCore
import OrreryCost

/// Why a plan loses to the best one: the step-time difference by term group, and the group
/// that contributes most. Groups: bubble (pipeline idle), exposed communication (tp, cp, ep,
/// pp and dp collectives left on the critical path), recompute, compute, optimizer (with
/// offload: the host transfers and the CPU step), overhead. When the dominant group is
/// recompute or optimizer and the plan needed it to fit, the reason is "memory".
public struct PlanExplanation: Hashable, Sendable {
    /// "bubble", "exposed communication", "recompute", "compute", "optimizer", "overhead" or "memory".
    public var dominantTerm: String
    /// Step-time difference to the best plan.
    public var stepTimeDelta: Seconds
    /// Difference per group, in group order.
    public var deltas: [(name: String, time: Seconds)]
    /// One sentence.
    public var text: String

    public static func == (a: PlanExplanation, b: PlanExplanation) -> Bool {
        a.dominantTerm == b.dominantTerm && a.stepTimeDelta == b.stepTimeDelta && a.text == b.text
    }
    public func hash(into h: inout Hasher) { h.combine(text) }

    static func groups(_ t: TimeBreakdown) -> [(name: String, time: Seconds)] {
        [("bubble", t.bubble), ("exposed communication", t.tpComm + t.cpComm + t.epComm + t.ppComm + t.dpComm),
         ("recompute", t.recompute), ("compute", t.compute), ("optimizer", t.optimizer), ("overhead", t.overhead)]
    }

    static func versus(best: PlannedLayout, other: PlannedLayout, gpu: GPUSpec, reserve: Bytes) -> PlanExplanation {
        let a = groups(best.estimate.time), b = groups(other.estimate.time)
        let deltas = zip(a, b).map { (name: $0.name, time: $1.time - $0.time) }
        let total = other.stepTime - best.stepTime
        let dominant = deltas.max { x, y in x.time.value != y.time.value ? x.time.value < y.time.value : x.name > y.name }!
        let pct = 100 * total.value / max(best.stepTime.value, 1e-30)
        var term = dominant.name
        var text = String(format: "+%.1f%% step time; %@ %@%.0f ms", pct, dominant.name, dominant.time.value >= 0 ? "+" : "",
                          dominant.time.milliseconds)
        if dominant.name == "exposed communication" {
            let t = other.estimate.time, s = best.estimate.time
            let axes = [("tp", t.tpComm - s.tpComm), ("cp", t.cpComm - s.cpComm), ("ep", t.epComm - s.epComm),
                        ("pp", t.ppComm - s.ppComm), ("dp", t.dpComm - s.dpComm)]
            if let worst = axes.max(by: { $0.1.value < $1.1.value }), worst.1.value > 0 {
                text += String(format: " (mostly %@ %+.0f ms)", worst.0, worst.1.milliseconds)
            }
        }
        if let peak = other.forcedByMemory {
            if dominant.name == "recompute" || dominant.name == "optimizer" { term = "memory" }
            let usable = MemoryBudget.usablePeak(gpu: gpu, reserve: reserve)
            var what: [String] = []
            if other.layout.recompute != .none { what.append("recomputation") }
            if other.offloadOptimizer { what.append("optimizer offload") }
            text += String(format: "; %@ needed to fit (without: %.1f GiB > %.1f GiB usable)", what.joined(separator: " and "), peak.gib, usable.gib)
        }
        if total.value <= 0 { text = "ties with the best (same predicted step time)" }
        return PlanExplanation(dominantTerm: term, stepTimeDelta: total, deltas: deltas, text: text)
    }
}
