import OrreryCore

/// The parallel grid of one candidate: everything but micro-batch, recomputation and
/// offload, which the planner varies inside a shape.
public struct LayoutShape: Hashable, Sendable {
    public var tp: Int
    public var pp: Int
    public var dp: Int
    public var cp: Int
    public var ep: Int
    public var vpp: Int
    public var zero: Int
    public var sequenceParallel: Bool
    public var split: StageSplit

    public init(tp: Int, pp: Int, dp: Int, cp: Int, ep: Int, vpp: Int, zero: Int, sequenceParallel: Bool, split: StageSplit) {
        self.tp = tp
        self.pp = pp
        self.dp = dp
        self.cp = cp
        self.ep = ep
        self.vpp = vpp
        self.zero = zero
        self.sequenceParallel = sequenceParallel
        self.split = split
    }

    /// The estimator's layout for this shape with the inner knobs filled in.
    func layout(microBatch: Int, recompute: Recompute, recomputeLayers: Int?, globalBatch: Int) -> ParallelLayout {
        ParallelLayout(tp: tp, pp: pp, dp: dp, cp: cp, ep: ep, vpp: vpp, zero: zero, recompute: recompute,
                       recomputeLayers: recomputeLayers, sequenceParallel: sequenceParallel,
                       microBatch: microBatch, globalBatch: globalBatch)
    }

    /// Deterministic order for ties: smaller model-parallel degrees first.
    var sortKey: [Int] { [tp, cp, pp, ep, vpp, zero, sequenceParallel ? 1 : 0, split.first, split.last] }
}
