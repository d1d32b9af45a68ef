import OrreryCore

/// A span of simulated time, an integer count of nanoseconds (STYLE.md: integer simulated
/// time; a duration and a point in time are different types, as swift-nio's `TimeAmount`
/// and `NIODeadline`).
struct SimDuration: Hashable, Comparable, Sendable {
    var nanoseconds: Int64
    init(nanoseconds: Int64) { self.nanoseconds = nanoseconds }
    /// From seconds, rounded to the nearest nanosecond; negative and non-finite become 0.
    init(_ seconds: Seconds) {
        let ns = seconds.value * 1e9
        nanoseconds = ns.isFinite && ns > 0 ? Int64(min(ns.rounded(), 9.0e18)) : 0
    }
    static let zero = SimDuration(nanoseconds: 0)
    var seconds: Seconds { Seconds(Double(nanoseconds) / 1e9) }
    static func < (a: SimDuration, b: SimDuration) -> Bool { a.nanoseconds < b.nanoseconds }
    static func + (a: SimDuration, b: SimDuration) -> SimDuration { SimDuration(nanoseconds: a.nanoseconds + b.nanoseconds) }
    static func * (a: SimDuration, k: Double) -> SimDuration { SimDuration(nanoseconds: Int64((Double(a.nanoseconds) * k).rounded())) }
}

/// A point in simulated time: nanoseconds since the simulation began.
struct SimInstant: Hashable, Comparable, Sendable {
    var nanoseconds: Int64
    init(nanoseconds: Int64) { self.nanoseconds = nanoseconds }
    static let start = SimInstant(nanoseconds: 0)
    var seconds: Seconds { Seconds(Double(nanoseconds) / 1e9) }
    var microseconds: Double { Double(nanoseconds) / 1e3 }
    static func < (a: SimInstant, b: SimInstant) -> Bool { a.nanoseconds < b.nanoseconds }
    static func + (a: SimInstant, d: SimDuration) -> SimInstant { SimInstant(nanoseconds: a.nanoseconds + d.nanoseconds) }
    static func - (a: SimInstant, b: SimInstant) -> SimDuration { SimDuration(nanoseconds: a.nanoseconds - b.nanoseconds) }
}
