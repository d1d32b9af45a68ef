import Foundation
import OrreryCore

/// The simulator's draws on the shared generator (`OrreryCore.SplitMix64`).
extension SplitMix64 {
    /// A uniform double in [0, 1) from the top 53 bits.
    mutating func nextUnit() -> Double { unit() }

    /// A standard normal deviate (Box–Muller; two uniforms per call, deterministic).
    mutating func nextGaussian() -> Double {
        let u1 = max(nextUnit(), 0x1.0p-53), u2 = nextUnit()
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }

    /// An exponential deviate with the given mean.
    mutating func nextExponential(mean: Double) -> Double { -mean * log(max(1 - nextUnit(), 0x1.0p-53)) }
}
