/// Mixture runs grouped for fitting the data mixing law: one group per validation domain and
/// per value of the other columns (model size, step), each with its own law.
public struct MixingDataset: Sendable {
    /// One group of runs that share a law.
    public struct Group: Sendable {
        /// "valid_domain=Github, model_size=160M, step=10000".
        public var label: String
        public var observations: [MixingObservation]
    }

    /// Training-domain names, from the `ratio_<name>` columns, in file order.
    public var domains: [String]
    public var groups: [Group]

    public init(domains: [String], groups: [Group]) {
        self.domains = domains
        self.groups = groups
    }
}
