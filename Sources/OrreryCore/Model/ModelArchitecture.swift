/// Layer families Orrery builds operator graphs for.
public enum ArchitectureFamily: String, Codable, Sendable, CaseIterable {
    /// GPT-2/GPT-3 style: pre-LayerNorm with bias, biased projections, GeLU-tanh MLP,
    /// learned absolute positions (`maxPositions` > 0).
    case gpt
    /// Llama style: RMSNorm, no biases, RoPE, grouped-query attention, SwiGLU MLP.
    case llama
}

/// Mixture-of-experts configuration of the MLP block.
public struct MoEConfig: Hashable, Codable, Sendable {
    /// Experts per MoE layer.
    public var experts: Int
    /// Experts each token is routed to.
    public var topK: Int
    /// Intermediate width of one expert (defaults to the model's `ffnHidden`).
    public var expertFFNHidden: Int
    /// Shared (always-on) experts, as in DeepSeek/Qwen-MoE; 0 for Mixtral.
    public var sharedExperts: Int
    /// Every `layerFrequency`-th layer is MoE (1 = all layers).
    public var layerFrequency: Int

    public init(experts: Int, topK: Int, expertFFNHidden: Int, sharedExperts: Int = 0, layerFrequency: Int = 1) {
        self.experts = experts
        self.topK = topK
        self.expertFFNHidden = expertFFNHidden
        self.sharedExperts = sharedExperts
        self.layerFrequency = layerFrequency
    }
}

/// A decoder-only transformer's shape. Parameter counts are exact for the families'
/// reference implementations (Hugging Face `transformers`, Megatron-LM).
public struct ModelArchitecture: Hashable, Codable, Sendable {
    public var name: String
    public var family: ArchitectureFamily
    public var layers: Int
    public var hidden: Int
    /// MLP intermediate width (GPT: usually 4·hidden; Llama: SwiGLU width).
    public var ffnHidden: Int
    public var heads: Int
    /// Key/value heads (= heads for multi-head attention; fewer for GQA).
    public var kvHeads: Int
    /// Per-head width; usually hidden / heads.
    public var headDim: Int
    public var vocab: Int
    /// Output projection shares the input embedding matrix.
    public var tiedEmbeddings: Bool
    /// Learned absolute position embeddings (GPT); 0 for rotary (Llama).
    public var maxPositions: Int
    /// Biases on Q, K, V projections only (Qwen2) when the family has no biases.
    public var qkvBias: Bool
    public var moe: MoEConfig?

    public init(name: String, family: ArchitectureFamily, layers: Int, hidden: Int, ffnHidden: Int,
                heads: Int, kvHeads: Int? = nil, headDim: Int? = nil, vocab: Int, tiedEmbeddings: Bool,
                maxPositions: Int = 0, qkvBias: Bool = false, moe: MoEConfig? = nil) {
        self.name = name
        self.family = family
        self.layers = layers
        self.hidden = hidden
        self.ffnHidden = ffnHidden
        self.heads = heads
        self.kvHeads = kvHeads ?? heads
        self.headDim = headDim ?? (heads > 0 ? hidden / heads : 0)
        self.vocab = vocab
        self.tiedEmbeddings = tiedEmbeddings
        self.maxPositions = maxPositions
        self.qkvBias = qkvBias
        self.moe = moe
    }

    /// Whether layer `index` (0-based) is a mixture-of-experts layer.
    public func isMoELayer(_ index: Int) -> Bool {
        guard let moe else { return false }
        return (index + 1) % moe.layerFrequency == 0
    }

    public var moeLayerCount: Int { (0..<layers).filter(isMoELayer).count }
}
