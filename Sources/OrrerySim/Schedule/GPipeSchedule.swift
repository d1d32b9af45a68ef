/// GPipe (Huang et al. 2019): every micro-batch's forward, then every backward. Bubble
/// fraction (p − 1)/(m + p − 1); holds all m micro-batches' activations.
public struct GPipeSchedule: PipelineSchedule {
    public init() {}
    public var name: String { "gpipe" }
    public func order(rank: Int, stages: Int, microBatches m: Int) -> [PipelineOp] {
        (0..<m).map { PipelineOp(.forward, microBatch: $0) } + (0..<m).map { PipelineOp(.backward, microBatch: $0) }
    }
}
