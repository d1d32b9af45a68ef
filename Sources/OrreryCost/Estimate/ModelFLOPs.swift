import OrreryCore

/// Model FLOPs per training step, Megatron-LM's `num_floating_point_operations`
/// (megatron/training/training.py): 3 passes (forward, wgrad, dgrad) × 2 FLOPs per
/// multiply-add over every GEMM, attention scores with the full s² (no causal halving),
/// logits included, recomputation not counted. MoE layers count top-k experts (and shared).
public enum ModelFLOPs {
    public static func trainingStep(_ m: ModelArchitecture, seqLen: Int, globalBatch: Int) -> FLOPs {
        forwardPerToken(m, contextLen: Double(seqLen), fullAttention: true) * 3 * Double(seqLen) * Double(globalBatch)
    }

    /// Forward FLOPs per token attending to `contextLen` keys (attention: QKᵀ and PV).
    public static func forwardPerToken(_ m: ModelArchitecture, contextLen: Double, fullAttention: Bool) -> FLOPs {
        let h = Double(m.hidden), q = Double(m.heads * m.headDim), kv = Double(m.kvHeads * m.headDim)
        let projections = 2 * h * (2 * q + 2 * kv)          // q, k, v, o
        let scores = 2 * 2 * contextLen * q * (fullAttention ? 1 : 0.5)
        let gated = m.family == .llama ? 3.0 : 2.0
        var mlpTotal = 0.0
        for i in 0..<m.layers {
            if m.isMoELayer(i), let moe = m.moe {
                let experts = Double(moe.topK + moe.sharedExperts)
                mlpTotal += 2 * gated * h * Double(moe.expertFFNHidden) * experts + 2 * h * Double(moe.experts)
            } else {
                mlpTotal += 2 * gated * h * Double(m.ffnHidden)
            }
        }
        let logits = 2 * h * Double(m.vocab)
        return FLOPs(Double(m.layers) * (projections + scores) + mlpTotal + logits)
    }
}
