import Foundation
import OrreryCore

/// A distribution of token counts (prompt or output lengths), written on the command line
/// as `N` (fixed), `uniform:LO:HI`, `normal:MEAN:SD`, `exp:MEAN` or `lognormal:MEDIAN:SIGMA`.
/// Samples are rounded and clamped to [1, 1,000,000].
public enum LengthDistribution: Hashable, Sendable, CustomStringConvertible {
    case fixed(Int)
    case uniform(low: Int, high: Int)
    case normal(mean: Double, sd: Double)
    case exponential(mean: Double)
    case lognormal(median: Double, sigma: Double)

    public static let maxTokens = 1_000_000

    public func sample(_ rng: inout SplitMix64) -> Int {
        let x: Double
        switch self {
        case .fixed(let n): return n
        case let .uniform(lo, hi): return lo + Int(rng.next() % UInt64(hi - lo + 1))
        case let .normal(mean, sd): x = mean + sd * rng.normal()
        case let .exponential(mean): x = rng.exponential(mean: mean)
        case let .lognormal(median, sigma): x = median * exp(sigma * rng.normal())
        }
        return Swift.min(Self.maxTokens, Swift.max(1, Int(x.rounded())))
    }

    /// The distribution's mean before clamping (tokens).
    public var mean: Double {
        switch self {
        case .fixed(let n): return Double(n)
        case let .uniform(lo, hi): return Double(lo + hi) / 2
        case let .normal(mean, _): return mean
        case let .exponential(mean): return mean
        case let .lognormal(median, sigma): return median * exp(sigma * sigma / 2)
        }
    }

    /// The largest value it can produce (tokens), for KV-budget checks.
    public var maximum: Int {
        switch self {
        case .fixed(let n): return n
        case let .uniform(_, hi): return hi
        default: return Self.maxTokens
        }
    }

    public var description: String {
        switch self {
        case .fixed(let n): return "\(n)"
        case let .uniform(lo, hi): return "uniform:\(lo):\(hi)"
        case let .normal(m, s): return "normal:\(m):\(s)"
        case let .exponential(m): return "exp:\(m)"
        case let .lognormal(m, s): return "lognormal:\(m):\(s)"
        }
    }

    /// Parses the command-line form; `field` names the flag in errors.
    /// - Throws: `OrreryError.invalidValue` naming `field` and the accepted forms.
    public static func parse(_ text: String, field: String) throws -> LengthDistribution {
        let allowed = "N (a positive integer), uniform:LO:HI, normal:MEAN:SD, exp:MEAN or lognormal:MEDIAN:SIGMA"
        let bad = OrreryError.invalidValue(field: field, value: text, allowed: allowed)
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        func positiveInt(_ s: String) throws -> Int {
            guard let v = Int(s), v >= 1, v <= maxTokens else { throw bad }
            return v
        }
        func positive(_ s: String, allowZero: Bool = false) throws -> Double {
            guard let v = Double(s), v.isFinite, allowZero ? v >= 0 : v > 0 else { throw bad }
            return v
        }
        switch (parts.first?.lowercased() ?? "", parts.count) {
        case (_, 1): return .fixed(try positiveInt(parts[0]))
        case ("uniform", 3):
            let lo = try positiveInt(parts[1]), hi = try positiveInt(parts[2])
            guard lo <= hi else { throw OrreryError.invalidValue(field: field, value: text, allowed: "uniform:LO:HI with LO ≤ HI") }
            return .uniform(low: lo, high: hi)
        case ("normal", 3): return .normal(mean: try positive(parts[1]), sd: try positive(parts[2], allowZero: true))
        case ("exp", 2): return .exponential(mean: try positive(parts[1]))
        case ("lognormal", 3): return .lognormal(median: try positive(parts[1]), sigma: try positive(parts[2], allowZero: true))
        default: throw bad
        }
    }
}
