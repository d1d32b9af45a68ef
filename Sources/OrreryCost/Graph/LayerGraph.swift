import OrreryCore

/// The operator graph of one transformer layer as eager PyTorch runs it.
///
/// GPT (GPT-2/Megatron style): pre-LayerNorm with bias, fused QKV projection with bias,
/// causal SDPA on (b, h, s, d) views, `transpose(1,2).contiguous()`, output projection with
/// bias, residual add, LayerNorm, MLP h→ffn with bias, GeLU(tanh), ffn→h with bias, residual.
/// The flash SDPA kernels allocate their output (and input gradients) in (b, s, h, d)
/// memory order and return a transposed view, so `transpose(1,2).contiguous()` copies
/// nothing and the output projection saves the very storage SDPA saved.
/// Llama: RMSNorm, separate q/k/v/o projections without bias (Qwen2: q/k/v bias), RoPE on q
/// and k in the Hugging Face form (`q·cos + rotate_half(q)·sin`: 5 kernels per tensor), SDPA
/// with grouped-query attention, RMSNorm, gate/up/down without bias and SiLU(gate)·up.
/// MoE layers replace the MLP by a router and `experts` SwiGLU experts, each fed
/// tokens·top_k/experts rows (balanced routing). With sequence parallelism the norms and
/// residual adds run on the GPU's token slice, and each block's first projection keeps the
/// local slice of its input (re-gathered in backward), as Megatron-LM does.
public enum LayerGraph {
    public static func ops(_ s: LayerShape, builder b: OpBuilder) -> [Op] {
        switch s.family {
        case .gpt: return attentionBlockGPT(s, b) + mlpBlock(s, b)
        case .llama: return attentionBlockLlama(s, b) + mlpBlock(s, b)
        }
    }

    static func saved(_ s: LayerShape, _ bytes: Double) -> Double { s.training ? bytes : 0 }

    static func attentionBlockGPT(_ s: LayerShape, _ b: OpBuilder) -> [Op] {
        let t = s.tokens, h = s.hidden, q = s.queryWidth, kv = s.kvWidth
        let qkvWidth = q + 2 * kv
        var ops: [Op] = []
        let tn = s.normTokens
        ops.append(b.norm("ln_1", .layerNorm, tokens: tn, width: h, training: s.training))
        ops.append(b.linear("attn.c_attn", tokens: t, inFeatures: h, outFeatures: qkvWidth, bias: true,
                            savedInput: saved(s, 2 * Double(tn) * Double(h))))
        var attention = b.attention("attn.sdpa", s.attentionShape, savedInputs: saved(s, 2 * Double(t * qkvWidth)))
        // Gradients of the q, k, v views are gathered back into the fused qkv buffer.
        attention.backward.append(b.memory("attn.qkv_grad_cat", .backward, bytes: 4 * Double(t * qkvWidth), backward: true))
        if !s.training { attention.savedBytes = .zero; attention.selectiveRecomputeBytes = .zero }
        ops.append(attention)
        ops.append(b.linear("attn.c_proj", tokens: t, inFeatures: q, outFeatures: h, bias: true, savedInput: 0))
        ops.append(b.residualAdd("residual_1", tokens: tn, width: h))
        return ops
    }

    static func attentionBlockLlama(_ s: LayerShape, _ b: OpBuilder) -> [Op] {
        let t = s.tokens, h = s.hidden, q = s.queryWidth, kv = s.kvWidth
        var ops: [Op] = []
        let tn = s.normTokens
        ops.append(b.norm("input_layernorm", .rmsNorm, tokens: tn, width: h, training: s.training))
        ops.append(b.linear("self_attn.q_proj", tokens: t, inFeatures: h, outFeatures: q, bias: s.qkvBias,
                            savedInput: saved(s, 2 * Double(tn) * Double(h))))
        ops.append(b.linear("self_attn.k_proj", tokens: t, inFeatures: h, outFeatures: kv, bias: s.qkvBias, savedInput: 0))
        ops.append(b.linear("self_attn.v_proj", tokens: t, inFeatures: h, outFeatures: kv, bias: s.qkvBias, savedInput: 0))
        // The three projections' input gradients are summed at their shared input.
        ops.append(b.memoryOp("self_attn.qkv_input_grad_sum", forwardBytes: 0, forwardKernels: 1,
                              backwardBytes: 12 * Double(t * h), backwardKernels: 2))
        ops[ops.count - 1].forward = []
        // RoPE: mul by cos, rotate_half (neg + cat), mul by sin, add — 20 bytes per element
        // forward; the backward mirrors it with the slice gradients (24 bytes per element).
        let rotated = Double(t * (q + kv))
        ops.append(b.memoryOp("self_attn.rope", forwardBytes: 20 * rotated, forwardKernels: 10,
                              backwardBytes: 24 * rotated, backwardKernels: 12))
        if s.keyLen > s.queryLen {
            // Decode / chunked prefill: the new keys and values are written into the KV cache.
            ops.append(b.memoryOp("self_attn.kv_cache_write", forwardBytes: 4 * 2 * Double(t * kv), forwardKernels: 2,
                                  backwardBytes: 0, backwardKernels: 0))
        }
        let savedQKV = saved(s, 2 * Double(t * (q + 2 * kv)))
        var attention = b.attention("self_attn.sdpa", s.attentionShape, savedInputs: savedQKV)
        if !s.training { attention.savedBytes = .zero; attention.selectiveRecomputeBytes = .zero }
        ops.append(attention)
        ops.append(b.linear("self_attn.o_proj", tokens: t, inFeatures: q, outFeatures: h, bias: false, savedInput: 0))
        ops.append(b.residualAdd("residual_1", tokens: tn, width: h))
        return ops
    }

    static func mlpBlock(_ s: LayerShape, _ b: OpBuilder) -> [Op] {
        let t = s.tokens, tn = s.normTokens, h = s.hidden, f = s.ffn
        var ops: [Op] = []
        switch s.family {
        case .gpt:
            ops.append(b.norm("ln_2", .layerNorm, tokens: tn, width: h, training: s.training))
            ops.append(b.linear("mlp.c_fc", tokens: t, inFeatures: h, outFeatures: f, bias: true,
                                savedInput: saved(s, 2 * Double(tn) * Double(h))))
            ops.append(b.activation("mlp.gelu", .geluTanh, tokens: t, width: f, saved: saved(s, 2 * Double(t * f))))
            ops.append(b.linear("mlp.c_proj", tokens: t, inFeatures: f, outFeatures: h, bias: true,
                                savedInput: saved(s, 2 * Double(t * f))))
        case .llama:
            ops.append(b.norm("post_attention_layernorm", .rmsNorm, tokens: tn, width: h, training: s.training))
            if let moe = s.moe {
                ops += moeExperts(s, moe, b)
            } else {
                ops += swiGLU(prefix: "mlp", tokens: t, hidden: h, ffn: f, savedInput: saved(s, 2 * Double(tn) * Double(h)), s, b)
            }
        }
        ops.append(b.residualAdd("residual_2", tokens: tn, width: h))
        return ops
    }

    static func swiGLU(prefix: String, tokens t: Int, hidden h: Int, ffn f: Int, savedInput: Double,
                       _ s: LayerShape, _ b: OpBuilder) -> [Op] {
        var ops: [Op] = []
        ops.append(b.linear("\(prefix).gate_proj", tokens: t, inFeatures: h, outFeatures: f, bias: false, savedInput: savedInput))
        ops.append(b.linear("\(prefix).up_proj", tokens: t, inFeatures: h, outFeatures: f, bias: false, savedInput: 0))
        var sum = b.memoryOp("\(prefix).input_grad_sum", forwardBytes: 0, backwardBytes: 6 * Double(t * h), backwardKernels: 1)
        sum.forward = []
        ops.append(sum)
        ops.append(b.activation("\(prefix).act_fn", .siluMul, tokens: t, width: f, saved: saved(s, 6 * Double(t * f))))
        ops.append(b.linear("\(prefix).down_proj", tokens: t, inFeatures: f, outFeatures: h, bias: false,
                            savedInput: saved(s, 2 * Double(t * f))))
        return ops
    }

    static func moeExperts(_ s: LayerShape, _ moe: MoEConfig, _ b: OpBuilder) -> [Op] {
        let t = s.tokens, h = s.hidden
        var ops: [Op] = []
        ops.append(b.linear("block_sparse_moe.gate", tokens: t, inFeatures: h, outFeatures: moe.experts, bias: false,
                            savedInput: saved(s, 2 * Double(t * h))))
        ops.append(b.memoryOp("block_sparse_moe.routing", forwardBytes: 16 * Double(t * moe.experts), forwardKernels: 4,
                              backwardBytes: 8 * Double(t * moe.experts), backwardKernels: 2,
                              saved: saved(s, 8 * Double(t * moe.topK))))
        let perExpert = max(1, (t * moe.topK + moe.experts - 1) / moe.experts)
        for e in 0..<(moe.experts + moe.sharedExperts) {
            let rows = e < moe.experts ? perExpert : t
            ops.append(b.memoryOp("experts.\(e).gather", forwardBytes: 4 * Double(rows * h), forwardKernels: 2,
                                  saved: saved(s, 2 * Double(rows * h))))
            ops += swiGLU(prefix: "experts.\(e)", tokens: rows, hidden: h, ffn: s.ffn, savedInput: 0, s, b)
            ops.append(b.memoryOp("experts.\(e).scatter_add", forwardBytes: 6 * Double(rows * h), forwardKernels: 2))
        }
        return ops
    }
}
