/// Model catalog entries, each with the public configuration it was taken from.
enum ModelCatalogEntries {
    /// Every entry with its source, in catalog order.
    static let sourced: [(model: ModelArchitecture, source: String)] = gpt2 + gpt3 + llama + mixtral + others

    static let all: [ModelArchitecture] = sourced.map(\.model)

    // MARK: GPT-2 — Hugging Face `openai-community/gpt2{,-medium,-large,-xl}` config.json:
    // vocab_size 50257, n_positions 1024, n_inner null (= 4·n_embd), tied lm_head.
    static let gpt2: [(model: ModelArchitecture, source: String)] = [
        (gpt(name: "gpt2", layers: 12, hidden: 768, heads: 12, positions: 1024),
         "HF openai-community/gpt2 config.json (n_layer 12, n_embd 768, n_head 12)"),
        (gpt(name: "gpt2-medium", layers: 24, hidden: 1024, heads: 16, positions: 1024),
         "HF openai-community/gpt2-medium config.json (n_layer 24, n_embd 1024, n_head 16)"),
        (gpt(name: "gpt2-large", layers: 36, hidden: 1280, heads: 20, positions: 1024),
         "HF openai-community/gpt2-large config.json (n_layer 36, n_embd 1280, n_head 20)"),
        (gpt(name: "gpt2-xl", layers: 48, hidden: 1600, heads: 25, positions: 1024),
         "HF openai-community/gpt2-xl config.json (n_layer 48, n_embd 1600, n_head 25)"),
    ]

    // MARK: GPT-3 — Brown et al. 2020 "Language Models are Few-Shot Learners", Table 2.1
    // (n_layers, d_model, n_heads, d_head; context 2048; d_ff = 4·d_model); GPT-2 BPE vocab
    // 50257 (Megatron-LM pads it to 50304, not done here); tied embeddings, learned positions.
    // Two rows of Table 2.1 are inconsistent: GPT-3 XL lists 24 heads × d_head 128 for
    // d_model 2048 (taken as 16 heads × 128, as GPT-Neo 1.3B); GPT-3 13B lists d_model 5140
    // (taken as 5120 = 40 heads × 128, as OPT-13B).
    static let gpt3: [(model: ModelArchitecture, source: String)] = [
        (gpt(name: "gpt3-125m", layers: 12, hidden: 768, heads: 12, positions: 2048),
         "Brown et al. 2020 Table 2.1 (GPT-3 Small)"),
        (gpt(name: "gpt3-350m", layers: 24, hidden: 1024, heads: 16, positions: 2048),
         "Brown et al. 2020 Table 2.1 (GPT-3 Medium)"),
        (gpt(name: "gpt3-760m", layers: 24, hidden: 1536, heads: 16, positions: 2048),
         "Brown et al. 2020 Table 2.1 (GPT-3 Large)"),
        (gpt(name: "gpt3-1.3b", layers: 24, hidden: 2048, heads: 16, positions: 2048),
         "Brown et al. 2020 Table 2.1 (GPT-3 XL; 16 heads of 128, the table's 24 does not divide 2048)"),
        (gpt(name: "gpt3-2.7b", layers: 32, hidden: 2560, heads: 32, positions: 2048),
         "Brown et al. 2020 Table 2.1 (GPT-3 2.7B)"),
        (gpt(name: "gpt3-6.7b", layers: 32, hidden: 4096, heads: 32, positions: 2048),
         "Brown et al. 2020 Table 2.1 (GPT-3 6.7B)"),
        (gpt(name: "gpt3-13b", layers: 40, hidden: 5120, heads: 40, positions: 2048),
         "Brown et al. 2020 Table 2.1 (GPT-3 13B; d_model 5120, the table's 5140 does not divide by 40 heads)"),
        (gpt(name: "gpt3-175b", layers: 96, hidden: 12288, heads: 96, positions: 2048),
         "Brown et al. 2020 Table 2.1 (GPT-3 175B)"),
    ]

    // MARK: Llama — Hugging Face config.json of each repo (hidden_size, intermediate_size,
    // num_hidden_layers, num_attention_heads, num_key_value_heads, vocab_size;
    // tie_word_embeddings false). Llama-3.1 changes only rope_scaling and context length.
    static let llama: [(model: ModelArchitecture, source: String)] = [
        (llamaLike(name: "llama-2-7b", layers: 32, hidden: 4096, ffn: 11008, heads: 32, kvHeads: 32, vocab: 32000),
         "HF meta-llama/Llama-2-7b-hf config.json"),
        (llamaLike(name: "llama-2-13b", layers: 40, hidden: 5120, ffn: 13824, heads: 40, kvHeads: 40, vocab: 32000),
         "HF meta-llama/Llama-2-13b-hf config.json"),
        (llamaLike(name: "llama-2-70b", layers: 80, hidden: 8192, ffn: 28672, heads: 64, kvHeads: 8, vocab: 32000),
         "HF meta-llama/Llama-2-70b-hf config.json"),
        (llamaLike(name: "llama-3-8b", layers: 32, hidden: 4096, ffn: 14336, heads: 32, kvHeads: 8, vocab: 128256),
         "HF meta-llama/Meta-Llama-3-8B config.json"),
        (llamaLike(name: "llama-3-70b", layers: 80, hidden: 8192, ffn: 28672, heads: 64, kvHeads: 8, vocab: 128256),
         "HF meta-llama/Meta-Llama-3-70B config.json"),
        (llamaLike(name: "llama-3.1-8b", layers: 32, hidden: 4096, ffn: 14336, heads: 32, kvHeads: 8, vocab: 128256),
         "HF meta-llama/Llama-3.1-8B config.json"),
        (llamaLike(name: "llama-3.1-70b", layers: 80, hidden: 8192, ffn: 28672, heads: 64, kvHeads: 8, vocab: 128256),
         "HF meta-llama/Llama-3.1-70B config.json"),
        (llamaLike(name: "llama-3.1-405b", layers: 126, hidden: 16384, ffn: 53248, heads: 128, kvHeads: 8, vocab: 128256),
         "HF meta-llama/Llama-3.1-405B config.json"),
    ]

    // MARK: Mixtral — Hugging Face config.json: num_local_experts 8, num_experts_per_tok 2,
    // every layer MoE, router without bias, tie_word_embeddings false.
    static let mixtral: [(model: ModelArchitecture, source: String)] = [
        (llamaLike(name: "mixtral-8x7b", layers: 32, hidden: 4096, ffn: 14336, heads: 32, kvHeads: 8, vocab: 32000,
                   moe: MoEConfig(experts: 8, topK: 2, expertFFNHidden: 14336)),
         "HF mistralai/Mixtral-8x7B-v0.1 config.json"),
        (llamaLike(name: "mixtral-8x22b", layers: 56, hidden: 6144, ffn: 16384, heads: 48, kvHeads: 8, vocab: 32000,
                   moe: MoEConfig(experts: 8, topK: 2, expertFFNHidden: 16384)),
         "HF mistralai/Mixtral-8x22B-v0.1 config.json (vocab_size 32000; v0.3/Instruct use 32768)"),
    ]

    // MARK: Mistral and Qwen — Hugging Face config.json. Qwen2 has biases on q/k/v only
    // (`Qwen2Attention`: q_proj/k_proj/v_proj bias=True, o_proj bias=False).
    static let others: [(model: ModelArchitecture, source: String)] = [
        (llamaLike(name: "mistral-7b", layers: 32, hidden: 4096, ffn: 14336, heads: 32, kvHeads: 8, vocab: 32000),
         "HF mistralai/Mistral-7B-v0.1 config.json"),
        (llamaLike(name: "qwen2.5-7b", layers: 28, hidden: 3584, ffn: 18944, heads: 28, kvHeads: 4, vocab: 152064,
                   qkvBias: true),
         "HF Qwen/Qwen2.5-7B config.json (tie_word_embeddings false)"),
        (llamaLike(name: "qwen2.5-72b", layers: 80, hidden: 8192, ffn: 29568, heads: 64, kvHeads: 8, vocab: 152064,
                   qkvBias: true),
         "HF Qwen/Qwen2.5-72B config.json (tie_word_embeddings false)"),
    ]

    /// GPT-2/GPT-3 shape: d_ff = 4·hidden, vocab 50257, tied, learned positions.
    private static func gpt(name: String, layers: Int, hidden: Int, heads: Int, positions: Int) -> ModelArchitecture {
        ModelArchitecture(name: name, family: .gpt, layers: layers, hidden: hidden, ffnHidden: 4 * hidden,
                          heads: heads, vocab: 50257, tiedEmbeddings: true, maxPositions: positions)
    }

    /// Llama-family shape (RMSNorm, RoPE, SwiGLU), untied output projection.
    private static func llamaLike(name: String, layers: Int, hidden: Int, ffn: Int, heads: Int, kvHeads: Int,
                                  vocab: Int, qkvBias: Bool = false, moe: MoEConfig? = nil) -> ModelArchitecture {
        ModelArchitecture(name: name, family: .llama, layers: layers, hidden: hidden, ffnHidden: ffn,
                          heads: heads, kvHeads: kvHeads, vocab: vocab, tiedEmbeddings: false,
                          qkvBias: qkvBias, moe: moe)
    }
}

extension ModelCatalog {
    /// Where a catalog model's shape comes from (paper table or `config.json` repo id);
    /// nil for a name not in the catalog.
    public static func source(ofModel name: String) -> String? {
        let key = normalize(name)
        return ModelCatalogEntries.sourced.first { normalize($0.model.name) == key }?.source
    }
}
