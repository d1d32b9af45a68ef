/// Exact parameter counts, following the modules of the reference implementations:
/// GPT-2 (`transformers` GPT2Model: wte, wpe, per layer ln_1, c_attn, c_proj, ln_2, c_fc,
/// c_proj, then ln_f; tied lm_head) and Llama (`transformers` LlamaModel: embed_tokens,
/// per layer q/k/v/o_proj, gate/up/down_proj, two RMSNorms, then norm and lm_head).
extension ModelArchitecture {
    /// Attention block parameters of one layer (projections, biases, its norm).
    public var attentionParametersPerLayer: Int {
        let q = hidden * heads * headDim
        let kv = 2 * hidden * kvHeads * headDim
        let o = heads * headDim * hidden
        switch family {
        case .gpt:
            let biases = heads * headDim + 2 * kvHeads * headDim + hidden
            return q + kv + o + biases + 2 * hidden  // + LayerNorm weight and bias
        case .llama:
            let biases = qkvBias ? heads * headDim + 2 * kvHeads * headDim : 0
            return q + kv + o + biases + hidden       // + RMSNorm weight
        }
    }

    /// Dense MLP block parameters of one layer (including its norm).
    public var denseMLPParametersPerLayer: Int {
        switch family {
        case .gpt: return 2 * hidden * ffnHidden + ffnHidden + hidden + 2 * hidden
        case .llama: return 3 * hidden * ffnHidden + hidden
        }
    }

    /// One expert's parameters (SwiGLU for llama family, GeLU MLP for gpt family).
    public var expertParameters: Int {
        let f = moe?.expertFFNHidden ?? ffnHidden
        switch family {
        case .gpt: return 2 * hidden * f + f + hidden
        case .llama: return 3 * hidden * f
        }
    }

    /// MoE MLP block parameters of one layer: router, all experts, shared experts, norm.
    public var moeMLPParametersPerLayer: Int {
        guard let moe else { return denseMLPParametersPerLayer }
        let norm = family == .gpt ? 2 * hidden : hidden
        return hidden * moe.experts + (moe.experts + moe.sharedExperts) * expertParameters + norm
    }

    /// Input embedding (and learned positions) parameters.
    public var embeddingParameters: Int { vocab * hidden + maxPositions * hidden }

    /// Output projection parameters (0 when tied).
    public var outputParameters: Int { tiedEmbeddings ? 0 : vocab * hidden }

    /// Final norm parameters.
    public var finalNormParameters: Int { family == .gpt ? 2 * hidden : hidden }

    /// Total parameters (all experts counted).
    public var parameterCount: Int {
        var total = embeddingParameters + outputParameters + finalNormParameters
        for layer in 0..<layers {
            total += attentionParametersPerLayer
            total += isMoELayer(layer) ? moeMLPParametersPerLayer : denseMLPParametersPerLayer
        }
        return total
    }

    /// Parameters touched per token (MoE: router + top-k and shared experts only).
    public var activeParameterCount: Int {
        guard let moe else { return parameterCount }
        let inactive = (moe.experts - moe.topK) * expertParameters
        return parameterCount - moeLayerCount * inactive
    }
}
