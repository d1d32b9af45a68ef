/// One inference request: when it arrives, how many prompt tokens it brings, how many
/// output tokens it will generate, and optionally the LoRA adapter and shared prefix it uses.
public struct ServeRequest: Hashable, Sendable {
    /// Position in the workload (0-based), also its id in metrics.
    public var id: Int
    public var arrival: SimInstant
    public var promptTokens: Int
    public var outputTokens: Int
    /// Index into the defined adapters (`AdapterSet`), nil for the base model.
    public var adapter: Int?
    /// Requests with the same `prefixGroup` share their first `prefixTokens` prompt tokens
    /// (a system prompt), which prefix caching can reuse.
    public var prefixGroup: Int?
    public var prefixTokens: Int
    /// 1-based line of the trace file this request came from (0 for synthetic requests).
    public var sourceLine: Int

    public init(id: Int, arrival: SimInstant, promptTokens: Int, outputTokens: Int, adapter: Int? = nil,
                prefixGroup: Int? = nil, prefixTokens: Int = 0, sourceLine: Int = 0) {
        self.id = id
        self.arrival = arrival
        self.promptTokens = promptTokens
        self.outputTokens = outputTokens
        self.adapter = adapter
        self.prefixGroup = prefixGroup
        self.prefixTokens = prefixTokens
        self.sourceLine = sourceLine
    }
}
