/// Typed physical quantities. One internal unit per quantity (SI base: seconds, bytes,
/// floating-point operations); conversion happens only at input and output.
///
/// Cross-unit operators are written out explicitly (`FLOPs / FLOPsPerSecond → Seconds`,
/// `Bytes / BytesPerSecond → Seconds`) so that `Seconds * Seconds` does not compile.
public protocol Quantity: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// The magnitude in this quantity's base unit.
    var value: Double { get }
    init(_ value: Double)
}

extension Quantity {
    public static var zero: Self { Self(0) }
    public static func < (a: Self, b: Self) -> Bool { a.value < b.value }
    public static func + (a: Self, b: Self) -> Self { Self(a.value + b.value) }
    public static func - (a: Self, b: Self) -> Self { Self(a.value - b.value) }
    public static func += (a: inout Self, b: Self) { a = a + b }
    public static func -= (a: inout Self, b: Self) { a = a - b }
    public static func * (a: Self, k: Double) -> Self { Self(a.value * k) }
    public static func * (k: Double, a: Self) -> Self { Self(a.value * k) }
    public static func / (a: Self, k: Double) -> Self { Self(a.value / k) }
    /// Dimensionless ratio of two quantities of the same kind.
    public static func / (a: Self, b: Self) -> Double { a.value / b.value }
    public static prefix func - (a: Self) -> Self { Self(-a.value) }
    public func isApproximatelyEqual(to other: Self, relativeTolerance: Double) -> Bool {
        let scale = max(abs(value), abs(other.value))
        return scale == 0 || abs(value - other.value) <= relativeTolerance * scale
    }
}

extension Sequence where Element: Quantity {
    public func sum() -> Element { reduce(Element.zero, +) }
}

/// A duration in seconds.
public struct Seconds: Quantity {
    public var value: Double
    public init(_ value: Double) { self.value = value }
    public static func milliseconds(_ ms: Double) -> Seconds { Seconds(ms / 1e3) }
    public static func microseconds(_ us: Double) -> Seconds { Seconds(us / 1e6) }
    public var milliseconds: Double { value * 1e3 }
    public var microseconds: Double { value * 1e6 }
    public var description: String { "\(value) s" }
}

/// A size in bytes. Binary prefixes (GiB = 2^30) and decimal ones (GB = 1e9) are spelled out.
public struct Bytes: Quantity {
    public var value: Double
    public init(_ value: Double) { self.value = value }
    public init(_ count: Int) { self.value = Double(count) }
    public static func gib(_ x: Double) -> Bytes { Bytes(x * 1_073_741_824) }
    public static func gb(_ x: Double) -> Bytes { Bytes(x * 1e9) }
    public static func mib(_ x: Double) -> Bytes { Bytes(x * 1_048_576) }
    public var gib: Double { value / 1_073_741_824 }
    public var gb: Double { value / 1e9 }
    public var mib: Double { value / 1_048_576 }
    public var description: String { "\(value) B" }
}

/// A count of floating-point operations (a multiply-add counts as 2).
public struct FLOPs: Quantity {
    public var value: Double
    public init(_ value: Double) { self.value = value }
    public var tera: Double { value / 1e12 }
    public var description: String { "\(value) FLOP" }
}

/// A compute rate in floating-point operations per second.
public struct FLOPsPerSecond: Quantity {
    public var value: Double
    public init(_ value: Double) { self.value = value }
    public static func tera(_ x: Double) -> FLOPsPerSecond { FLOPsPerSecond(x * 1e12) }
    public var tera: Double { value / 1e12 }
    public var description: String { "\(value) FLOP/s" }
}

/// A data rate in bytes per second (GB/s = 1e9 B/s, as vendors and nccl-tests use).
public struct BytesPerSecond: Quantity {
    public var value: Double
    public init(_ value: Double) { self.value = value }
    public static func gbps(_ gigabytesPerSecond: Double) -> BytesPerSecond { BytesPerSecond(gigabytesPerSecond * 1e9) }
    /// From a line rate in gigabits per second (network convention: 400 Gb/s = 50 GB/s).
    public static func gigabits(_ gbitPerSecond: Double) -> BytesPerSecond { BytesPerSecond(gbitPerSecond * 1e9 / 8) }
    public var gbps: Double { value / 1e9 }
    public var description: String { "\(value) B/s" }
}

public func / (work: FLOPs, rate: FLOPsPerSecond) -> Seconds { Seconds(work.value / rate.value) }
public func / (size: Bytes, rate: BytesPerSecond) -> Seconds { Seconds(size.value / rate.value) }
public func / (work: FLOPs, time: Seconds) -> FLOPsPerSecond { FLOPsPerSecond(work.value / time.value) }
public func / (size: Bytes, time: Seconds) -> BytesPerSecond { BytesPerSecond(size.value / time.value) }
public func * (rate: FLOPsPerSecond, time: Seconds) -> FLOPs { FLOPs(rate.value * time.value) }
public func * (rate: BytesPerSecond, time: Seconds) -> Bytes { Bytes(rate.value * time.value) }
