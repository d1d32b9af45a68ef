import OrreryCore

/// A parallel layout a team published with its measured throughput, to set Orrery's pick
/// beside. Only what the source states is pinned; the planner chooses the rest (micro-batch,
/// recomputation, ZeRO stage) for the published grid too, so both sides get the same care.
public struct PublishedLayout: Sendable {
    public var name: String
    public var source: String
    public var model: ModelArchitecture
    /// Cluster preset the GPUs sit in (`dgx-h100`).
    public var clusterPreset: String
    public var numGPUs: Int
    public var seqLen: Int
    /// Sequences per step.
    public var globalBatch: Int
    public var tp: Int
    public var pp: Int
    public var cp: Int
    /// Measured model TFLOP/s per GPU (the source's own FLOP count), if stated.
    public var measuredModelTFLOPsPerGPU: Double?

    public var dp: Int { numGPUs / (tp * pp * cp) }
}

/// The published layouts compared in `orrery plan --compare-published` and the benchmark.
public enum PublishedLayouts {
    /// Llama 3 paper (Dubey et al. 2024, "The Llama 3 Herd of Models", arXiv 2407.21783),
    /// Table 4: Llama 3 405B pre-training on H100, 16M tokens per batch; measured BF16 MFU
    /// 43% (8,192 GPUs), 41% (16,384 GPUs, 8K sequences), 38% (16,384 GPUs, 128K sequences),
    /// i.e. 430 / 400 / 380 TFLOP/s per GPU as the table states.
    static let llama3: [PublishedLayout] = {
        let m = (try? ModelResolver.resolve("llama-3.1-405b"))!
        let source = "Dubey et al. 2024 (Llama 3), Table 4"
        return [
            PublishedLayout(name: "Llama 3 405B, 8,192 H100, 8K seq", source: source, model: m, clusterPreset: "dgx-h100",
                            numGPUs: 8192, seqLen: 8192, globalBatch: 2048, tp: 8, pp: 16, cp: 1, measuredModelTFLOPsPerGPU: 430),
            PublishedLayout(name: "Llama 3 405B, 16,384 H100, 8K seq", source: source, model: m, clusterPreset: "dgx-h100",
                            numGPUs: 16384, seqLen: 8192, globalBatch: 2048, tp: 8, pp: 16, cp: 1, measuredModelTFLOPsPerGPU: 400),
            PublishedLayout(name: "Llama 3 405B, 16,384 H100, 128K seq", source: source, model: m, clusterPreset: "dgx-h100",
                            numGPUs: 16384, seqLen: 131_072, globalBatch: 128, tp: 8, pp: 16, cp: 16, measuredModelTFLOPsPerGPU: 380),
        ]
    }()

    /// Megatron-Core r0.8 H100 weak scaling (github.com/NVIDIA/Megatron-LM README.md +
    /// images/model_table.png @937571cfd4; rows of `shared/validation/published.csv`): GPT
    /// models with untied embeddings, vocab 131,072, 4,096-token sequences, ffn = 4·hidden.
    static let megatronCore: [PublishedLayout] = {
        let source = "Megatron-LM README @937571cfd4 (Megatron-Core r0.8 H100 weak scaling)"
        func gpt(_ name: String, layers: Int, hidden: Int, heads: Int) -> ModelArchitecture {
            ModelArchitecture(name: name, family: .gpt, layers: layers, hidden: hidden, ffnHidden: 4 * hidden, heads: heads,
                              vocab: 131_072, tiedEmbeddings: false, maxPositions: 4096)
        }
        return [
            PublishedLayout(name: "GPT-7.1B, 96 H100", source: source, model: gpt("gpt-7.1b", layers: 30, hidden: 4096, heads: 32),
                            clusterPreset: "dgx-h100", numGPUs: 96, seqLen: 4096, globalBatch: 192, tp: 2, pp: 1, cp: 1,
                            measuredModelTFLOPsPerGPU: 465.9),
            PublishedLayout(name: "GPT-70B, 768 H100", source: source, model: gpt("gpt-70b", layers: 84, hidden: 8192, heads: 64),
                            clusterPreset: "dgx-h100", numGPUs: 768, seqLen: 4096, globalBatch: 384, tp: 8, pp: 2, cp: 1,
                            measuredModelTFLOPsPerGPU: 419.7),
            PublishedLayout(name: "GPT-177B, 2,304 H100", source: source, model: gpt("gpt-177b", layers: 96, hidden: 12288, heads: 96),
                            clusterPreset: "dgx-h100", numGPUs: 2304, seqLen: 4096, globalBatch: 1152, tp: 8, pp: 6, cp: 1,
                            measuredModelTFLOPsPerGPU: 432.8),
            PublishedLayout(name: "GPT-462B, 6,144 H100", source: source, model: gpt("gpt-462b", layers: 112, hidden: 18432, heads: 144),
                            clusterPreset: "dgx-h100", numGPUs: 6144, seqLen: 4096, globalBatch: 3072, tp: 8, pp: 16, cp: 1,
                            measuredModelTFLOPsPerGPU: 459.9),
        ]
    }()

    public static var all: [PublishedLayout] { llama3 + megatronCore }
}
