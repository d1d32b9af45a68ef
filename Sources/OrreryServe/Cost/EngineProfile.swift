import OrreryCore
import OrreryCost

/// How a serving engine turns the cost model's kernels into iteration time, and its
/// scheduling defaults. The kernel tables are eager-PyTorch measurements; engines differ in
/// host overhead (CUDA graphs remove per-kernel dispatch) and in per-iteration framework
/// work (scheduling, sampling, detokenisation, streaming), which `iterationOverhead` holds.
/// The published rows are TensorRT-LLM and vLLM, so these factors are modelled here
/// explicitly instead of retuning the kernel tables (`serving_public.csv` README).
public struct EngineProfile: Hashable, Sendable {
    public var name: String
    /// Host cost of issuing kernels (eager: the H100-table fit; graphs: none).
    public var host: HostOverheadModel
    /// Fixed framework time added to every iteration (fitted; see each profile).
    public var iterationOverhead: Seconds
    /// Multiplies the priced GPU time (1 = eager kernel tables as measured).
    public var kernelTimeScale: Double
    /// Token budget per iteration (prefill chunk tokens + decode tokens).
    public var maxBatchedTokens: Int
    /// Most sequences in one batch.
    public var maxSequences: Int
    /// Whether prefills are split into chunks batched with decodes (Sarathi-Serve,
    /// vLLM V1, TensorRT-LLM chunked context) or run whole in prefill-only iterations.
    public var chunkedPrefill: Bool
    /// KV-cache block size in tokens.
    public var blockSize: Int
    /// Fraction of GPU memory the engine may use (weights + KV + activations).
    public var memoryFraction: Double
    /// Memory held back per GPU for activations, CUDA graphs and workspace (assumed).
    public var reservePerGPU: Bytes
    public var source: String

    public init(name: String, host: HostOverheadModel, iterationOverhead: Seconds, kernelTimeScale: Double = 1,
                maxBatchedTokens: Int, maxSequences: Int, chunkedPrefill: Bool, blockSize: Int,
                memoryFraction: Double, reservePerGPU: Bytes, source: String) {
        self.name = name
        self.host = host
        self.iterationOverhead = iterationOverhead
        self.kernelTimeScale = kernelTimeScale
        self.maxBatchedTokens = maxBatchedTokens
        self.maxSequences = maxSequences
        self.chunkedPrefill = chunkedPrefill
        self.blockSize = blockSize
        self.memoryFraction = memoryFraction
        self.reservePerGPU = reservePerGPU
        self.source = source
    }

    /// Kernels replayed from a CUDA graph: no per-kernel host dispatch, no launch gap.
    public static let cudaGraphHost: HostOverheadModel = {
        var h = HostOverheadModel()
        h.elementwiseDispatch = .zero
        h.gemmDispatch = .zero
        h.attentionDispatch = .zero
        h.autogradRecording = .zero
        h.launchLatency = .zero
        return h
    }()

    /// Hugging Face–style eager PyTorch with continuous batching bolted on: every kernel
    /// dispatched from Python (the H100-table host fit), no framework overhead beyond it.
    public static let eagerPyTorch = EngineProfile(
        name: "eager-pytorch", host: .eagerPyTorch, iterationOverhead: .zero,
        maxBatchedTokens: 4096, maxSequences: 256, chunkedPrefill: false, blockSize: 16,
        memoryFraction: 0.9, reservePerGPU: .gib(2),
        source: "kernel tables and host fit of OrreryCost; scheduling limits assumed")

    /// vLLM V1 (≈ v0.8): CUDA-graph decode, chunked prefill on by default, block size 16,
    /// `max_num_seqs` 256, `max_num_batched_tokens` 8192, `gpu_memory_utilization` 0.9
    /// (vLLM docs, "Engine arguments" and "Optimization and tuning"). `iterationOverhead`
    /// 0.50 ms is fitted to the one vanilla row of vllm-project/vllm#16937 (Llama-3.1-8B,
    /// H100, batch 1: 133 tok/s = 7.52 ms per token, of which the kernels price 7.02 ms at
    /// 100-token prompts and 256-token outputs); the EAGLE rows of the same comment are
    /// predictions (with one fitted acceptance rate per drafter, see `ServeValidationSuites`).
    public static let vllm = EngineProfile(
        name: "vllm", host: cudaGraphHost, iterationOverhead: .milliseconds(0.50),
        maxBatchedTokens: 8192, maxSequences: 256, chunkedPrefill: true, blockSize: 16,
        memoryFraction: 0.9, reservePerGPU: .gib(2),
        source: "vLLM engine-argument defaults; overhead fitted to vllm#16937 vanilla BS1 row")

    /// TensorRT-LLM (v0.14–v0.17, in-flight batching): fused kernels replayed without host
    /// dispatch, paged KV with 64-token blocks (`tokens_per_block` default 64), chunked
    /// context, `max_num_tokens` 8192 and `max_batch_size` 2048 (trtllm-bench defaults),
    /// `kv_cache_free_gpu_mem_fraction` 0.95 of memory left after weights (perf-overview.md).
    /// `iterationOverhead` 0.54 ms is fitted to the H100 online row at 2 req/s (467 in /
    /// 256 out: mean ITL 8 ms; the simulator without overhead gives 7.46 ms) of TensorRT-LLM
    /// perf-overview.md; every other row is a prediction.
    public static let tensorRTLLM = EngineProfile(
        name: "tensorrt-llm", host: cudaGraphHost, iterationOverhead: .milliseconds(0.54),
        maxBatchedTokens: 8192, maxSequences: 2048, chunkedPrefill: true, blockSize: 64,
        memoryFraction: 0.95, reservePerGPU: .gib(2),
        source: "TensorRT-LLM perf-overview.md defaults; overhead fitted to one online row")

    public static let all: [EngineProfile] = [eagerPyTorch, vllm, tensorRTLLM]

    /// - Throws: `OrreryError.invalidValue` naming `--engine`.
    public static func named(_ name: String) throws -> EngineProfile {
        let key = name.lowercased().replacingOccurrences(of: "_", with: "-")
        if let hit = all.first(where: { $0.name == key }) { return hit }
        if key == "trt-llm" || key == "trtllm" || key == "tensorrt" { return tensorRTLLM }
        if key == "eager" || key == "pytorch" { return eagerPyTorch }
        throw OrreryError.invalidValue(field: "--engine", value: name, allowed: all.map(\.name).joined(separator: ", "))
    }
}
