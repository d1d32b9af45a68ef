import OrreryCore

/// Interleaved 1F1B with `chunks` model chunks (virtual stages) per rank (Narayanan et al.
/// 2021 §2.2.2; Megatron-LM `forward_backward_pipelining_with_interleaving`): micro-batches
/// go through the chunks in groups of p; rank r runs (p − r − 1)·2 + (v − 1)·p warm-up
/// forwards. Bubble time is the 1F1B bubble divided by v. Megatron requires the number of
/// micro-batches to be a multiple of p.
public struct InterleavedSchedule: PipelineSchedule {
    public var chunks: Int
    public init(chunks: Int) { self.chunks = chunks }
    public var name: String { "interleaved" }
    public var chunksPerRank: Int { chunks }

    public func validate(stages p: Int, microBatches m: Int) throws {
        guard chunks >= 2 else {
            throw OrreryError.rule(field: "--schedule interleaved", rule: "needs vpp >= 2 model chunks per rank (got vpp \(chunks)); set --vpp or use --schedule 1f1b")
        }
        guard p >= 2 else {
            throw OrreryError.rule(field: "--schedule interleaved", rule: "needs pp >= 2 (got pp \(p))")
        }
        guard m >= p, m % p == 0 else {
            throw OrreryError.rule(field: "--schedule interleaved",
                                   rule: "micro-batches per step (\(m)) must be a positive multiple of pp (\(p)) (Megatron-LM interleaved schedule); change --global-batch or --micro-batch")
        }
    }

    func op(_ kind: PipelineOp.Kind, _ k: Int, stages p: Int) -> PipelineOp {
        let group = k % (p * chunks)
        var chunk = group / p
        if kind != .forward { chunk = chunks - 1 - chunk }
        return PipelineOp(kind, microBatch: (k / (p * chunks)) * p + k % p, chunk: chunk)
    }

    public func order(rank: Int, stages p: Int, microBatches m: Int) -> [PipelineOp] {
        let total = m * chunks
        let warmup = min((p - rank - 1) * 2 + (chunks - 1) * p, total)
        var ops = (0..<warmup).map { op(.forward, $0, stages: p) }
        for k in 0..<(total - warmup) {
            ops.append(op(.forward, k + warmup, stages: p))
            ops.append(op(.backward, k, stages: p))
        }
        for k in (total - warmup)..<total { ops.append(op(.backward, k, stages: p)) }
        return ops
    }
}
