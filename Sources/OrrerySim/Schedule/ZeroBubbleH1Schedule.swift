import OrreryCore

/// ZB-H1 (Qi et al. 2023, "Zero Bubble Pipeline Parallelism", §3.1): 1F1B's order of
/// forwards and input-gradient backwards (B), with each weight-gradient pass (W) split off
/// and deferred to fill the bubbles. 1F1B's peak activation memory is rank 0's p
/// micro-batches in flight and rank r holds p − r, so rank r may hold back up to r weight
/// gradients and the peak stays at 1F1B's. The simulator runs a pending W whenever the next F/B
/// is not yet ready, or when more than the limit are pending. Bubble
/// (p − 1)(T_F + T_B − T_W) against 1F1B's (p − 1)(T_F + T_B + T_W) (paper §3.1).
public struct ZeroBubbleH1Schedule: PipelineSchedule {
    public init() {}
    public var name: String { "zb-h1" }
    public var splitsWeightGradient: Bool { true }

    public func validate(stages p: Int, microBatches m: Int) throws {
        guard m >= p else {
            throw OrreryError.rule(field: "--schedule zb-h1",
                                   rule: "needs at least as many micro-batches per step as pipeline stages (got \(m) < pp \(p)); raise --global-batch or lower --micro-batch")
        }
    }

    public func order(rank: Int, stages p: Int, microBatches m: Int) -> [PipelineOp] {
        OneFOneBSchedule().order(rank: rank, stages: p, microBatches: m)
    }

    public func deferredWeightGradientLimit(rank: Int, stages p: Int) -> Int { rank }
}
