/// Sends each request to the replica holding the fewest requests (waiting, running,
/// swapped or arriving); ties go to the lowest index, so the choice is deterministic.
/// - Complexity: O(replicas) per request.
public struct LeastLoadRouter: Router {
    public init() {}
    public mutating func pick(_ request: ServeRequest, replicas: ArraySlice<ReplicaEngine>) -> Int {
        var best = 0, bestLoad = Int.max
        var k = 0
        for r in replicas {
            let load = r.outstanding
            if load < bestLoad { best = k; bestLoad = load }
            k += 1
        }
        return best
    }
}
