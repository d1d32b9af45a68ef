/// Families of interconnect.
public enum LinkKind: String, Codable, Sendable, CaseIterable {
    case nvlink, infinityFabric = "infinity-fabric", pcie, infiniband, roce, ethernet
}

/// One interconnect technology: per-direction bandwidth and a base latency, with source.
public struct LinkSpec: Hashable, Sendable {
    /// Catalog key (`nvlink4`, `pcie5`, `ib-ndr`, `roce-400g`).
    public var name: String
    public var aliases: [String]
    public var kind: LinkKind
    /// Bandwidth per direction of one port/NIC (for NVLink: per GPU, all links together).
    public var bandwidthPerDirection: BytesPerSecond
    /// One-way base latency of a small message across this link.
    public var latency: Seconds
    public var source: String

    public init(name: String, aliases: [String] = [], kind: LinkKind, bandwidthPerDirection: BytesPerSecond,
                latency: Seconds, source: String) {
        self.name = name
        self.aliases = aliases
        self.kind = kind
        self.bandwidthPerDirection = bandwidthPerDirection
        self.latency = latency
        self.source = source
    }
}
