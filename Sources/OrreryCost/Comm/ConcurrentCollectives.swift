import OrreryCore

/// Collectives that run at the same time and share a node's NICs (or a GPU's scale-up
/// link): each is a flow of its bottleneck bytes on that resource, sized so that alone it
/// takes exactly `NCCLCollectiveModel`'s time; together they share the resource max-min
/// fairly (`FairShareLinks`). Latency is not shared.
public struct ConcurrentCollectives: Sendable {
    public struct Call: Hashable, Sendable {
        public var op: CollectiveOp
        public var bytes: Bytes
        public var group: CommGroup
        public var start: Seconds
        public init(op: CollectiveOp, bytes: Bytes, group: CommGroup, start: Seconds = .zero) {
            self.op = op
            self.bytes = bytes
            self.group = group
            self.start = start
        }
    }

    public var model: NCCLCollectiveModel
    public var cluster: ClusterSpec

    public init(model: NCCLCollectiveModel = NCCLCollectiveModel(), cluster: ClusterSpec) {
        self.model = model
        self.cluster = cluster
    }

    /// Finish time of each call. Calls whose groups span nodes share resource 0 (the node's
    /// NICs); single-node calls share resource 1 (the GPU's scale-up link).
    public func finishTimes(_ calls: [Call]) -> [Seconds] {
        var flows: [FairShareLinks.Flow] = []
        var latency: [Double] = []
        for c in calls {
            let t = model.timing(c.op, bytes: c.bytes, group: c.group, cluster: cluster)
            let zeroSize = model.timing(c.op, bytes: Bytes(1), group: c.group, cluster: cluster).time.value
            let transfer = max(0, t.time.value - zeroSize)
            latency.append(min(zeroSize, t.time.value))
            // Bytes at unit capacity: alone, the flow takes `transfer` seconds.
            flows.append(.init(bytes: Bytes(transfer), links: [c.group.nodes > 1 ? 0 : 1], start: c.start))
        }
        let shared = FairShareLinks(capacities: [BytesPerSecond(1), BytesPerSecond(1)]).completionTimes(flows)
        return shared.indices.map { shared[$0] + Seconds(latency[$0]) }
    }
}
