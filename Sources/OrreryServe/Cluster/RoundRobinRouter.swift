/// Sends requests to replicas in turn.
public struct RoundRobinRouter: Router {
    private var next = 0
    public init() {}
    public mutating func pick(_ request: ServeRequest, replicas: ArraySlice<ReplicaEngine>) -> Int {
        defer { next = (next + 1) % replicas.count }
        return next % replicas.count
    }
}
