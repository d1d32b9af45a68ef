import OrreryCore

/// What a replica does in a disaggregated deployment (DistServe, Zhong et al., OSDI 2024;
/// Splitwise, Patel et al., ISCA 2024): both phases, prefill only (then hands the KV cache
/// to a decode replica), or decode only.
public enum ReplicaRole: String, Hashable, Sendable {
    case colocated, prefill, decode
}

/// How a replica frees KV blocks when a running sequence cannot grow (vLLM §4.5): drop them
/// and recompute the sequence's tokens later as a prefill, or copy them to host memory over
/// the host link and back.
public enum PreemptionMode: String, Hashable, Sendable, CaseIterable {
    case recompute, swap
}

/// How KV memory is reserved per sequence: paged blocks as tokens arrive (vLLM), or a
/// contiguous reservation of the sequence's whole `prompt + output` at admission — the
/// baseline vLLM's paper compares against (Orca with an oracle of the output length;
/// `maxLength(n)` reserves `n` tokens, Orca (Max)).
public enum KVReservation: Hashable, Sendable {
    case paged
    case oracleLength
    case maxLength(Int)
}

/// Everything that configures one replica's engine model.
public struct ReplicaConfig: Hashable, Sendable {
    public var profile: EngineProfile
    public var role: ReplicaRole
    public var preemption: PreemptionMode
    public var reservation: KVReservation
    public var prefixCaching: Bool
    public var speculative: SpeculativeDecoding?
    public var lora: AdapterCache.Config?
    /// Overrides the KV budget the hardware and profile give (bytes, whole replica).
    public var kvBudgetOverride: Bytes?
    /// vLLM's admission watermark: keep this fraction of blocks free when admitting (0.01).
    public var watermark: Double

    public init(profile: EngineProfile, role: ReplicaRole = .colocated, preemption: PreemptionMode = .recompute,
                reservation: KVReservation = .paged, prefixCaching: Bool = false, speculative: SpeculativeDecoding? = nil,
                lora: AdapterCache.Config? = nil, kvBudgetOverride: Bytes? = nil, watermark: Double = 0.01) {
        self.profile = profile
        self.role = role
        self.preemption = preemption
        self.reservation = reservation
        self.prefixCaching = prefixCaching
        self.speculative = speculative
        self.lora = lora
        self.kvBudgetOverride = kvBudgetOverride
        self.watermark = watermark
    }
}
