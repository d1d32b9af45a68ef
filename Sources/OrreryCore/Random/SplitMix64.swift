import Foundation

/// The project's seeded random generator: SplitMix64 (Steele, Lea & Flood, "Fast splittable
/// pseudorandom number generators", OOPSLA 2014; constants from Vigna's reference
/// `splitmix64.c`, prng.di.unimi.it). The same seed gives the same stream on every platform;
/// nothing in Orrery uses `SystemRandomNumberGenerator`.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64
    public init(seed: UInt64) { state = seed }

    @inline(__always)
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1) with 53 random bits.
    @inline(__always)
    public mutating func unit() -> Double { Double(next() >> 11) * 0x1.0p-53 }

    /// Uniform in (0, 1], safe for `log`.
    @inline(__always)
    public mutating func openUnit() -> Double { 1 - unit() }

    /// Exponential with the given mean (inverse transform).
    public mutating func exponential(mean: Double) -> Double { -mean * Foundation.log(openUnit()) }

    /// Standard normal (Box–Muller, one of the pair).
    public mutating func normal() -> Double {
        let u1 = openUnit(), u2 = unit()
        return (-2 * Foundation.log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }

    /// Gamma(shape k, scale 1) by Marsaglia & Tsang, "A simple method for generating gamma
    /// variables", ACM TOMS 26(3), 2000; k < 1 through the boost U^(1/k).
    public mutating func gamma(shape k: Double) -> Double {
        if k < 1 { return gamma(shape: k + 1) * pow(openUnit(), 1 / k) }
        let d = k - 1.0 / 3.0, c = 1 / (9 * d).squareRoot()
        while true {
            var x: Double, v: Double
            repeat {
                x = normal()
                v = 1 + c * x
            } while v <= 0
            v = v * v * v
            let u = openUnit()
            if u < 1 - 0.0331 * x * x * x * x { return d * v }
            if Foundation.log(u) < 0.5 * x * x + d * (1 - v + Foundation.log(v)) { return d * v }
        }
    }

    /// A uniform integer in `0..<bound` (bound > 0), by Lemire's multiply-shift with rejection
    /// (Lemire 2019, "Fast random integer generation in an interval", ACM TOMACS 29(1)).
    public mutating func nextIndex(below bound: Int) -> Int {
        precondition(bound > 0, "bound must be positive")
        let b = UInt64(bound)
        var m = next().multipliedFullWidth(by: b)
        if m.low < b {
            let threshold = (0 &- b) % b
            while m.low < threshold { m = next().multipliedFullWidth(by: b) }
        }
        return Int(m.high)
    }
}
