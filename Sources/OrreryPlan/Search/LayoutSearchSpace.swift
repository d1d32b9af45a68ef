import OrreryCore
import OrreryCost

/// The layouts the planner considers for a request, with the rules that make a layout
/// launchable. Every shape it yields passes `LayoutValidation` for the even-split case
/// (tested), and uneven splits follow Megatron-LM's first/last-stage form (`StageSplit`).
///
/// Axes and their ranges (each a rule of the frameworks or a stated assumption):
/// - tp: powers of two up to the GPUs per node that divide heads, kv_heads and the FFN widths
///   (Megatron-LM `TransformerConfig`: "num_attention_heads must be a multiple of
///   tensor_model_parallel_size"). Tensor parallelism stays inside a node: its per-layer
///   all-reduces need NVLink bandwidth (Narayanan et al. 2021, arXiv 2104.04473, §3.3
///   takeaway #1: "use tensor model parallelism up to degree g for g-GPU servers").
/// - cp: powers of two with seq_len % (2·cp) == 0 (load-balanced causal CP), and at least
///   1,024 tokens per rank (assumption: below that the ring's KV exchange is not hidden).
/// - pp: every divisor of the remaining GPUs up to the layer count, with a `StageSplit`.
/// - vpp > 1: even split, layers % (pp·vpp) == 0, and micro-batches % pp == 0 (Megatron-LM
///   interleaved 1F1B: "number of microbatches must be divisible by pipeline-model-parallel
///   size when using interleaved schedule", `megatron/core/pipeline_parallel/schedules.py`).
/// - zero: 0…3 with pp = 1; 0…1 with pp > 1 (DeepSpeed: ZeRO-2/3 are incompatible with
///   pipeline parallelism; Megatron's distributed optimizer is the ZeRO-1 form; Megatron's
///   `--use-torch-fsdp2` help: "FSDP2 is not currently working with Pipeline Parallel").
/// - ep: 1 for dense models; for MoE every divisor of the experts that divides dp·cp.
/// - sequence parallelism on whenever tp > 1 (Korthikanti et al. 2022: same communication
///   volume as plain TP, activations divided by tp) and seq_len % (cp·tp) == 0.
/// - micro-batch: powers of two up to 16 dividing global_batch / dp.
public struct LayoutSearchSpace: Sendable {
    public var request: PlanRequest

    public init(_ request: PlanRequest) { self.request = request }

    /// Largest micro-batch searched (assumption: beyond 16 sequences per pass GEMMs are
    /// already at their large-shape efficiency and only memory grows).
    public static let maxMicroBatch = 16
    /// Fewest tokens per context-parallel rank searched (assumption, see above).
    public static let minTokensPerCPRank = 1024

    /// Why shapes were left out before any estimate (for the "nothing fits" explanations).
    public struct Rejections: Hashable, Sendable {
        /// Shapes whose dp does not divide the global batch.
        public var batchIndivisible = 0
        /// The dp values those shapes had.
        public var dpValues: [Int] = []
    }

    /// Every launchable shape, in a fixed order, and the batch rejections.
    public func shapes() -> (shapes: [LayoutShape], rejected: Rejections) {
        let m = request.model, c = request.constraints
        let n = request.cluster.totalGPUs
        var out: [LayoutShape] = []
        var rejected = Rejections()
        let headEq = HeadCost.layerEquivalents(m, seqLen: request.seqLen)
        for tp in tensorDegrees() where c.tp == nil || c.tp == tp {
            for cp in contextDegrees(tp: tp) where c.cp == nil || c.cp == cp {
                let rest = n / (tp * cp)
                for pp in divisors(rest) where pp <= m.layers && (c.pp == nil || c.pp == pp) {
                    guard let split = StageSplit.balanced(layers: m.layers, stages: pp, headLayerEquivalents: headEq) else { continue }
                    let dp = rest / pp
                    if request.globalBatch % dp != 0 {
                        rejected.batchIndivisible += 1
                        if !rejected.dpValues.contains(dp) { rejected.dpValues.append(dp) }
                        continue
                    }
                    let sp = tp > 1 && request.seqLen % (cp * tp) == 0
                    for ep in expertDegrees(dp: dp, cp: cp) where c.ep == nil || c.ep == ep {
                        for vpp in virtualDegrees(pp: pp, split: split) where c.vpp == nil || c.vpp == vpp {
                            for zero in zeroStages(pp: pp, dp: dp) where c.zero == nil || c.zero == zero {
                                out.append(LayoutShape(tp: tp, pp: pp, dp: dp, cp: cp, ep: ep, vpp: vpp, zero: zero,
                                                       sequenceParallel: sp, split: split))
                            }
                        }
                    }
                }
            }
        }
        rejected.dpValues.sort()
        return (out, rejected)
    }

    /// Micro-batch sizes for a shape, ascending.
    public func microBatches(_ s: LayoutShape) -> [Int] {
        let perReplica = request.globalBatch / s.dp
        var out: [Int] = []
        var mb = 1
        while mb <= min(Self.maxMicroBatch, perReplica) {
            let micro = perReplica / mb
            let interleavedOK = s.vpp == 1 || micro % s.pp == 0
            if perReplica % mb == 0, interleavedOK, request.constraints.microBatch == nil || request.constraints.microBatch == mb,
               mb * request.seqLen <= 1 << 27 {
                out.append(mb)
            }
            mb *= 2
        }
        if let pinned = request.constraints.microBatch, !out.contains(pinned), pinned > Self.maxMicroBatch,
           perReplica % pinned == 0, pinned * request.seqLen <= 1 << 27 {
            out.append(pinned)
        }
        return out
    }

    func tensorDegrees() -> [Int] {
        let m = request.model
        var out: [Int] = []
        var tp = 1
        let limit = max(request.constraints.tp ?? 1, request.cluster.gpusPerNode)
        while tp <= limit {
            let expertOK = m.moe.map { $0.expertFFNHidden % tp == 0 } ?? true
            if m.heads % tp == 0, m.kvHeads % tp == 0, m.ffnHidden % tp == 0, expertOK, request.cluster.totalGPUs % tp == 0 {
                out.append(tp)
            }
            tp *= 2
        }
        return out
    }

    func contextDegrees(tp: Int) -> [Int] {
        var out: [Int] = []
        var cp = 1
        let n = request.cluster.totalGPUs / tp
        while cp <= n {
            let splits = cp == 1 || request.seqLen % (2 * cp) == 0
            let longEnough = cp == 1 || request.seqLen / cp >= Self.minTokensPerCPRank || request.constraints.cp == cp
            if splits, longEnough, n % cp == 0 { out.append(cp) }
            cp *= 2
        }
        return out
    }

    func expertDegrees(dp: Int, cp: Int) -> [Int] {
        guard let moe = request.model.moe else { return [1] }
        return divisors(moe.experts).filter { (dp * cp) % $0 == 0 }
    }

    func virtualDegrees(pp: Int, split: StageSplit) -> [Int] {
        guard pp > 1, split.isEven else { return [1] }
        let perStage = split.middle
        return divisors(perStage).filter { $0 <= 8 || request.constraints.vpp == $0 }
    }

    func zeroStages(pp: Int, dp: Int) -> [Int] {
        if dp == 1 { return [0] }
        return pp > 1 ? [0, 1] : [0, 1, 2, 3]
    }

    func divisors(_ x: Int) -> [Int] {
        guard x > 0 else { return [] }
        var small: [Int] = [], large: [Int] = []
        var d = 1
        while d * d <= x {
            if x % d == 0 {
                small.append(d)
                if d * d != x { large.append(x / d) }
            }
            d += 1
        }
        return small + large.reversed()
    }
}

/// The logits' cost relative to one transformer layer, for balancing pipeline stages.
public enum HeadCost {
    /// Output-projection forward FLOPs per token (2·hidden·vocab) over one layer's average
    /// forward FLOPs per token with causal attention (`ModelFLOPs.forwardPerToken`, which
    /// follows Megatron-LM `num_floating_point_operations`).
    public static func layerEquivalents(_ m: ModelArchitecture, seqLen: Int) -> Double {
        let logits = 2 * Double(m.hidden) * Double(m.vocab)
        let total = ModelFLOPs.forwardPerToken(m, contextLen: Double(seqLen), fullAttention: false).value
        let perLayer = (total - logits) / Double(max(m.layers, 1))
        return perLayer > 0 ? logits / perLayer : 0
    }
}
