/// Model catalog entries.
enum ModelCatalogEntries {
    static let all: [ModelArchitecture] = [llama3_8B, gpt3_175B]

    // meta-llama/Meta-Llama-3-8B config.json: hidden_size 4096, intermediate_size 14336,
    // num_hidden_layers 32, num_attention_heads 32, num_key_value_heads 8, vocab_size 128256,
    // tie_word_embeddings false. Published total: 8,030,261,248 parameters.
    static let llama3_8B = ModelArchitecture(
        name: "llama-3-8b", family: .llama, layers: 32, hidden: 4096, ffnHidden: 14336,
        heads: 32, kvHeads: 8, vocab: 128256, tiedEmbeddings: false)

    // Brown et al. 2020 "Language Models are Few-Shot Learners", Table 2.1: 96 layers,
    // d_model 12288, 96 heads of 128, context 2048; vocab 50257 (GPT-2 BPE) padded to
    // 50304 in Megatron-LM; tied embeddings, learned positions.
    static let gpt3_175B = ModelArchitecture(
        name: "gpt3-175b", family: .gpt, layers: 96, hidden: 12288, ffnHidden: 49152,
        heads: 96, vocab: 50257, tiedEmbeddings: true, maxPositions: 2048)
}
