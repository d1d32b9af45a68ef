import OrreryCore

/// The work of one serving-engine iteration (continuous batching): prefill chunks and
/// decoding sequences batched into one forward pass.
public struct IterationBatch: Hashable, Sendable {
    /// Prefill chunks: `tokens` new prompt tokens of a request whose first `cachedTokens`
    /// are already in the KV cache (chunked prefill, prefix caching).
    public var prefill: [PrefillChunk]
    /// KV-cache context length of each decoding sequence before this step.
    public var decodeContexts: [Int]
    /// Tokens scored per decoding sequence (1 = plain decoding; q > 1 = speculative verify).
    public var tokensPerDecode: Int

    public init(prefill: [PrefillChunk] = [], decodeContexts: [Int] = [], tokensPerDecode: Int = 1) {
        self.prefill = prefill
        self.decodeContexts = decodeContexts
        self.tokensPerDecode = tokensPerDecode
    }

    public struct PrefillChunk: Hashable, Sendable {
        public var tokens: Int
        public var cachedTokens: Int
        public init(tokens: Int, cachedTokens: Int = 0) {
            self.tokens = tokens
            self.cachedTokens = cachedTokens
        }
    }

    /// New tokens processed in the iteration.
    public var totalTokens: Int { prefill.reduce(0) { $0 + $1.tokens } + decodeContexts.count * tokensPerDecode }
}

/// Prices one forward pass of a serving iteration on a (tensor-parallel) replica.
public protocol InferenceCostModel: Sendable {
    /// Latency of one iteration on a replica of `tp` GPUs, including tensor-parallel
    /// communication.
    func iterationTime(_ batch: IterationBatch, model: ModelArchitecture, cluster: ClusterSpec, tp: Int) throws -> Seconds
}
