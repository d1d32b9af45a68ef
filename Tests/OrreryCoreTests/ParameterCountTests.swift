import Testing
@testable import OrreryCore

/// A parameter total someone published, with where it was published.
struct PublishedCount: Sendable, CustomTestStringConvertible {
    var model: String
    var parameters: Int
    var source: String
    var testDescription: String { "\(model) = \(parameters) (\(source))" }
}

/// Exact parameter counts against published totals. Hugging Face totals are the sum of the
/// tensor sizes in the repo's safetensors index (the "Model size" the hub shows, or
/// `sum(p.numel() for p in model.parameters())` in `transformers`).
struct ParameterCountTests {
    static let exact: [PublishedCount] = [
        // GPT-2: `GPT2LMHeadModel.num_parameters()` of the HF checkpoints (lm_head tied to wte).
        PublishedCount(model: "gpt2", parameters: 124_439_808, source: "HF openai-community/gpt2"),
        PublishedCount(model: "gpt2-medium", parameters: 354_823_168, source: "HF openai-community/gpt2-medium"),
        PublishedCount(model: "gpt2-large", parameters: 774_030_080, source: "HF openai-community/gpt2-large"),
        PublishedCount(model: "gpt2-xl", parameters: 1_557_611_200, source: "HF openai-community/gpt2-xl"),
        // Llama 2: HF meta-llama/Llama-2-{7b,13b,70b}-hf safetensors totals.
        PublishedCount(model: "llama-2-7b", parameters: 6_738_415_616, source: "HF meta-llama/Llama-2-7b-hf safetensors"),
        PublishedCount(model: "llama-2-13b", parameters: 13_015_864_320, source: "HF meta-llama/Llama-2-13b-hf safetensors"),
        PublishedCount(model: "llama-2-70b", parameters: 68_976_648_192, source: "HF meta-llama/Llama-2-70b-hf safetensors"),
        // Llama 3 / 3.1: Meta model cards and HF safetensors totals (3.1 changes only RoPE scaling).
        PublishedCount(model: "llama-3-8b", parameters: 8_030_261_248, source: "Meta model card / HF Meta-Llama-3-8B safetensors"),
        PublishedCount(model: "llama-3-70b", parameters: 70_553_706_496, source: "HF meta-llama/Meta-Llama-3-70B safetensors"),
        PublishedCount(model: "llama-3.1-8b", parameters: 8_030_261_248, source: "HF meta-llama/Llama-3.1-8B safetensors"),
        PublishedCount(model: "llama-3.1-70b", parameters: 70_553_706_496, source: "HF meta-llama/Llama-3.1-70B safetensors"),
        PublishedCount(model: "llama-3.1-405b", parameters: 405_853_388_800, source: "HF meta-llama/Llama-3.1-405B safetensors"),
        // Mixtral: HF safetensors totals (all experts).
        PublishedCount(model: "mixtral-8x7b", parameters: 46_702_792_704, source: "HF mistralai/Mixtral-8x7B-v0.1 safetensors"),
        PublishedCount(model: "mixtral-8x22b", parameters: 140_620_634_112, source: "HF mistralai/Mixtral-8x22B-v0.1 safetensors"),
        // Mistral 7B v0.1: HF safetensors total ("7.24B").
        PublishedCount(model: "mistral-7b", parameters: 7_241_732_096, source: "HF mistralai/Mistral-7B-v0.1 safetensors"),
        // Qwen2.5: HF safetensors totals (q/k/v biases, untied lm_head).
        PublishedCount(model: "qwen2.5-7b", parameters: 7_615_616_512, source: "HF Qwen/Qwen2.5-7B safetensors"),
        PublishedCount(model: "qwen2.5-72b", parameters: 72_706_203_648, source: "HF Qwen/Qwen2.5-72B safetensors"),
    ]

    @Test("Parameter count equals the published total", arguments: exact)
    func exactTotal(_ published: PublishedCount) throws {
        let model = try ModelCatalog.model(named: published.model)
        #expect(model.parameterCount == published.parameters)
    }

    /// Brown et al. 2020 Table 2.1 "n_params", which the paper rounds (125M … 175.0B). The
    /// table's own shapes give counts within 2% of them; GPT-3 13B lands at 12.85B against
    /// "13.0B" (with the table's d_model 5140 it would be 12.95B) and GPT-3 Medium at 355.9M
    /// against "350M".
    static let gpt3Table: [PublishedCount] = [
        PublishedCount(model: "gpt3-125m", parameters: 125_000_000, source: "Brown et al. 2020 Table 2.1, GPT-3 Small 125M"),
        PublishedCount(model: "gpt3-350m", parameters: 350_000_000, source: "Brown et al. 2020 Table 2.1, GPT-3 Medium 350M"),
        PublishedCount(model: "gpt3-760m", parameters: 760_000_000, source: "Brown et al. 2020 Table 2.1, GPT-3 Large 760M"),
        PublishedCount(model: "gpt3-1.3b", parameters: 1_300_000_000, source: "Brown et al. 2020 Table 2.1, GPT-3 XL 1.3B"),
        PublishedCount(model: "gpt3-2.7b", parameters: 2_700_000_000, source: "Brown et al. 2020 Table 2.1, GPT-3 2.7B"),
        PublishedCount(model: "gpt3-6.7b", parameters: 6_700_000_000, source: "Brown et al. 2020 Table 2.1, GPT-3 6.7B"),
        PublishedCount(model: "gpt3-13b", parameters: 13_000_000_000, source: "Brown et al. 2020 Table 2.1, GPT-3 13B"),
        PublishedCount(model: "gpt3-175b", parameters: 175_000_000_000, source: "Brown et al. 2020 Table 2.1, GPT-3 175B"),
    ]

    @Test("GPT-3 count is within 2% of the paper's rounded n_params", arguments: gpt3Table)
    func gpt3Rounded(_ published: PublishedCount) throws {
        let count = Double(try ModelCatalog.model(named: published.model).parameterCount)
        let relative = abs(count - Double(published.parameters)) / Double(published.parameters)
        #expect(relative < 0.02, "\(published.model): \(Int(count)) vs \(published.parameters)")
    }

    @Test("GPT-3 Small = HF gpt2 124,439,808 + 1,024 more learned positions × 768 (context 2048 vs 1024)")
    func gpt3SmallFromGPT2() throws {
        #expect(try ModelCatalog.model(named: "gpt3-125m").parameterCount == 124_439_808 + 1024 * 768)
    }

    /// Active parameters per token: the published total less the experts a token skips
    /// (every layer routes to 2 of 8 SwiGLU experts of 3 · hidden · ffn weights each).
    /// Mistral AI's announcements round these to 12.9B ("Mixtral of experts", Dec 2023) and
    /// 39B ("Cheaper, Better, Faster, Stronger", Apr 2024).
    static let active: [(published: PublishedCount, derived: Int, announced: Double)] = [
        (PublishedCount(model: "mixtral-8x7b", parameters: 46_702_792_704, source: "HF Mixtral-8x7B-v0.1; Mistral AI: 12.9B active"),
         46_702_792_704 - 32 * 6 * 3 * 4096 * 14336, 12.9e9),
        (PublishedCount(model: "mixtral-8x22b", parameters: 140_620_634_112, source: "HF Mixtral-8x22B-v0.1; Mistral AI: 39B active"),
         140_620_634_112 - 56 * 6 * 3 * 6144 * 16384, 39e9),
    ]

    @Test("MoE active parameters = published total minus the 6 of 8 experts a token skips",
          arguments: active.map(\.published))
    func moeActive(_ published: PublishedCount) throws {
        let entry = try #require(Self.active.first { $0.published.model == published.model })
        let model = try ModelCatalog.model(named: published.model)
        #expect(model.activeParameterCount == entry.derived)
        let relative = abs(Double(model.activeParameterCount) - entry.announced) / entry.announced
        #expect(relative < 0.01)
    }

    @Test("Dense models have active = total")
    func denseActiveEqualsTotal() {
        for model in ModelCatalog.models where model.moe == nil {
            #expect(model.activeParameterCount == model.parameterCount, "\(model.name)")
        }
    }

    @Test("Every catalog model names its source, and names are unique")
    func sourcesAndNames() {
        let names = ModelCatalog.models.map { ModelCatalog.normalize($0.name) }
        #expect(Set(names).count == names.count)
        for model in ModelCatalog.models {
            #expect(ModelCatalog.source(ofModel: model.name)?.isEmpty == false, "\(model.name)")
        }
    }

    @Test("Catalog look-up is case-insensitive (validation CSV spellings)",
          arguments: ["Llama-3.1-8B", "Mistral-7B", "LLAMA_3_8B", "Qwen2.5-72B"])
    func lookupSpellings(_ name: String) throws {
        _ = try ModelCatalog.model(named: name)
    }
}

/// Catalog look-up spellings.
struct ModelLookupTests {
    @Test("`_` and `.` match `-`, any case (Llama_3.1_8B finds llama-3.1-8b)", arguments: ["Llama_3.1_8B", "LLAMA-3.1-8B", "llama-3_1-8b"])
    func spellings(_ name: String) throws {
        #expect(try ModelCatalog.model(named: name).name == "llama-3.1-8b")
    }
}
