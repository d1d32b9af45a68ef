import OrreryCore

/// How a model's layers are divided over pipeline stages, in the form Megatron-LM can
/// launch: the first and last stages may hold fewer layers than the `middle` ones
/// (`--decoder-first-pipeline-num-layers`, `--decoder-last-pipeline-num-layers`; every
/// other stage takes an equal share: Megatron-LM `megatron/training/arguments.py`).
///
/// Invariants: `stages ≥ 1`; `1 ≤ first, last ≤ middle`; `first + last + (stages − 2)·middle
/// == layers` when `stages ≥ 2`; with one stage all three equal `layers`.
public struct StageSplit: Hashable, Sendable {
    public var stages: Int
    public var first: Int
    public var middle: Int
    public var last: Int

    /// Every stage the same: `layers / stages` each (`layers % stages == 0`).
    public static func even(layers: Int, stages: Int) -> StageSplit {
        let n = layers / max(stages, 1)
        return StageSplit(stages: stages, first: n, middle: n, last: n)
    }

    public var isEven: Bool { first == middle && last == middle }

    /// Layers on each stage, first to last.
    public var layersPerStage: [Int] {
        guard stages > 1 else { return [first] }
        return [first] + Array(repeating: middle, count: stages - 2) + [last]
    }

    /// The balanced split of `layers` over `stages`, or nil when none exists.
    ///
    /// Middle stages take ⌈layers / stages⌉ (so no stage holds more layers than the even split
    /// the estimator prices, and the estimator's memory stays an upper bound); the remaining
    /// layers go to the first and last stages so as to minimise the slowest stage's work,
    /// counted in layer-equivalents: the last stage also computes the logits, worth
    /// `headLayerEquivalents` layers (the output GEMM's FLOPs over one layer's; the embedding
    /// lookup moves no FLOPs and counts 0). Ties prefer the lighter first stage, which holds
    /// the most in-flight activations under 1F1B (Narayanan et al. 2021 §2.2).
    /// - Complexity: O(layers / stages).
    public static func balanced(layers: Int, stages: Int, headLayerEquivalents: Double) -> StageSplit? {
        guard stages >= 1, layers >= stages else { return nil }
        if stages == 1 { return StageSplit(stages: 1, first: layers, middle: layers, last: layers) }
        let middle = (layers + stages - 1) / stages
        let ends = layers - (stages - 2) * middle
        guard ends >= 2 else { return nil }
        var best: (split: StageSplit, load: Double)?
        for last in max(1, ends - middle)...min(middle, ends - 1) {
            let first = ends - last
            guard first >= 1, first <= middle else { continue }
            let load = max(Double(middle) * (stages > 2 ? 1 : 0), Double(first), Double(last) + headLayerEquivalents)
            if best == nil || load < best!.load - 1e-12 || (abs(load - best!.load) <= 1e-12 && first < best!.split.first) {
                best = (StageSplit(stages: stages, first: first, middle: middle, last: last), load)
            }
        }
        return best?.split
    }

    /// The slowest stage's work in layer-equivalents (see `balanced`).
    public func slowestLoad(headLayerEquivalents: Double) -> Double {
        guard stages > 1 else { return Double(first) + headLayerEquivalents }
        return max(Double(first), stages > 2 ? Double(middle) : 0, Double(last) + headLayerEquivalents)
    }
}
