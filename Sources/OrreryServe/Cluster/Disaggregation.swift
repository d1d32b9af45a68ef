import OrreryCore

/// Prefill/decode disaggregation (DistServe, Zhong et al., OSDI 2024; Splitwise, Patel et
/// al., ISCA 2024): `prefillReplicas` run prompts only and hand each request's KV cache to
/// one of `decodeReplicas` (the least loaded) over `link`. A transfer takes
/// prompt·kv_bytes_per_token / (link bandwidth · tp) + link latency: each of the tp GPUs
/// sends its KV shard over its own link (NVLink inside a node; one NIC per GPU across
/// nodes, as in the generic cluster). The first token is emitted by the prefill replica.
/// The prefill replica frees the blocks when the prefill ends (the copy is not modelled as
/// holding them). LoRA adapters are loaded on prefill replicas only; decode replicas are
/// assumed to hold them.
public struct Disaggregation: Hashable, Sendable {
    public var prefillReplicas: Int
    public var decodeReplicas: Int
    public var link: LinkSpec

    public init(prefillReplicas: Int, decodeReplicas: Int, link: LinkSpec) {
        self.prefillReplicas = prefillReplicas
        self.decodeReplicas = decodeReplicas
        self.link = link
    }

    /// Transfer time of `tokens` tokens of KV cache.
    public func transferTime(tokens: Int, hardware: ReplicaHardware) -> Seconds {
        Bytes(Double(tokens) * hardware.kvBytesPerToken.value) / (link.bandwidthPerDirection * Double(hardware.tp)) + link.latency
    }

    /// Parses `--disaggregate P:D`.
    /// - Throws: `OrreryError.invalidValue` naming `--disaggregate`.
    public static func parse(_ text: String, link: LinkSpec) throws -> Disaggregation {
        let parts = text.split(separator: ":").map { Int($0) }
        guard parts.count == 2, let p = parts[0], let d = parts[1], p >= 1, d >= 1, p + d <= 100_000 else {
            throw OrreryError.invalidValue(field: "--disaggregate", value: text, allowed: "P:D, prefill and decode replica counts ≥ 1")
        }
        return Disaggregation(prefillReplicas: p, decodeReplicas: d, link: link)
    }
}
