/// 1F1B / PipeDream-Flush (Narayanan et al. 2021 §2.2.1, Megatron-LM
/// `forward_backward_pipelining_without_interleaving`): rank r runs min(p − r − 1, m)
/// warm-up forwards, then alternates one forward and one backward, then drains the
/// remaining backwards. Bubble fraction (p − 1)/(m + p − 1), at most p micro-batches in
/// flight.
public struct OneFOneBSchedule: PipelineSchedule {
    public init() {}
    public var name: String { "1f1b" }
    public func order(rank: Int, stages p: Int, microBatches m: Int) -> [PipelineOp] {
        let warmup = min(max(p - rank - 1, 0), m)
        var ops = (0..<warmup).map { PipelineOp(.forward, microBatch: $0) }
        for k in 0..<(m - warmup) {
            ops.append(PipelineOp(.forward, microBatch: k + warmup))
            ops.append(PipelineOp(.backward, microBatch: k))
        }
        for k in (m - warmup)..<m { ops.append(PipelineOp(.backward, microBatch: k)) }
        return ops
    }
}
