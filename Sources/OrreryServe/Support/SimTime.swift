import OrreryCore

/// A point in simulated time: integer nanoseconds since the simulation began. Durations
/// are `Seconds` (OrreryCore) at the API and `Int64` nanoseconds inside the hot loop; an
/// instant and a duration are different types (swift-nio `NIODeadline` vs `TimeAmount`).
public struct SimInstant: Hashable, Comparable, Sendable {
    public var nanoseconds: Int64
    public init(nanoseconds: Int64) { self.nanoseconds = nanoseconds }
    public static let zero = SimInstant(nanoseconds: 0)
    public static func < (a: SimInstant, b: SimInstant) -> Bool { a.nanoseconds < b.nanoseconds }
    /// Seconds since the start.
    public var seconds: Seconds { Seconds(Double(nanoseconds) / 1e9) }
    public init(seconds: Seconds) { nanoseconds = SimInstant.nanoseconds(seconds) }
    /// A duration rounded to whole nanoseconds (at least 1 ns for a positive duration, so
    /// simulated time always advances).
    @inline(__always)
    public static func nanoseconds(_ d: Seconds) -> Int64 {
        let ns = (d.value * 1e9).rounded()
        if d.value > 0 && ns < 1 { return 1 }
        return Int64(ns)
    }
}
