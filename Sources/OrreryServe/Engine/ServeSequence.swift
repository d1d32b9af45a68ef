/// A request's state inside a replica. Token counts are Int32 to keep the running batch
/// compact (the hot loop walks it twice per iteration).
///
/// Invariants: `computed` tokens have KV in the cache (`cachedPrefix` of them in a shared
/// prefix block run, the rest in the sequence's own `blocks`); the sequence is in its
/// prefill phase while `computed < prompt`; `generated ≤ output`.
struct ServeSequence {
    var request: Int32
    /// Tokens to prefill (the prompt; after a recompute preemption, prompt + generated).
    var prompt: Int32
    var computed: Int32 = 0
    var generated: Int32 = 0
    var output: Int32
    var blocks: Int32 = 0
    var adapter: Int32
    var prefixGroup: Int32
    var prefixTokens: Int32
    /// Tokens served from a cached prefix (0 when it holds no prefix reference).
    var cachedPrefix: Int32 = 0
    /// Tokens scheduled in the iteration in flight (prefill chunk, or verify tokens).
    var scheduled: Int32 = 0
    var decoding: Bool = false
    /// When its last token was emitted (ns).
    var lastEmit: Int64 = 0

    init(_ r: ServeRequest, index: Int) {
        request = Int32(index)
        prompt = Int32(r.promptTokens)
        output = Int32(r.outputTokens)
        adapter = Int32(r.adapter ?? -1)
        prefixGroup = Int32(r.prefixGroup ?? -1)
        prefixTokens = Int32(r.prefixTokens)
    }

    @inline(__always) var inPrefill: Bool { computed < prompt }
    /// Tokens stored in the sequence's own blocks.
    @inline(__always) var ownTokens: Int { Int(computed - cachedPrefix) }
}

/// Per-request timestamps (ns), shared by all replicas; -1 = not yet.
public struct RequestLog: Sendable {
    public var firstToken: [Int64]
    public var finish: [Int64]
    /// Replica that produced the first token, and the one that finished the request.
    public var replica: [Int32]

    public init(count: Int) {
        firstToken = Array(repeating: -1, count: count)
        finish = Array(repeating: -1, count: count)
        replica = Array(repeating: -1, count: count)
    }
}
