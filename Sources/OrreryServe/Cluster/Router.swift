import OrreryCore

/// Picks the replica a new request goes to (vidur's global schedulers; llm-d/Dynamo routers).
public protocol Router {
    /// The index, within `replicas`, of the replica that takes `request`.
    mutating func pick(_ request: ServeRequest, replicas: ArraySlice<ReplicaEngine>) -> Int
}

/// The router policies `orrery serve --router` offers.
public enum RouterPolicy: String, Hashable, Sendable, CaseIterable {
    case roundRobin = "round-robin"
    case leastLoad = "least-load"

    public func make() -> any Router {
        switch self {
        case .roundRobin: return RoundRobinRouter()
        case .leastLoad: return LeastLoadRouter()
        }
    }

    /// - Throws: `OrreryError.invalidValue` naming `--router`.
    public static func named(_ s: String) throws -> RouterPolicy {
        guard let p = RouterPolicy(rawValue: s.lowercased()) else {
            throw OrreryError.invalidValue(field: "--router", value: s, allowed: allCases.map(\.rawValue).joined(separator: ", "))
        }
        return p
    }
}
