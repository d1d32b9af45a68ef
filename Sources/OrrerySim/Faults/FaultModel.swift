import Foundation
import OrreryCore

/// Faults injected into a simulated step: slow GPUs (fixed per rank, or every rank drawn
/// from a distribution with a seed) and degraded network links. Failures and restarts act
/// over a long run and live in `GoodputSimulation`.
///
/// A slowdown factor multiplies a GPU's compute time (1 = nominal, 1.5 = 50% slower). A
/// link factor multiplies a rank's NIC bandwidth (0.5 = half the bandwidth).
public struct FaultModel: Hashable, Sendable {
    /// Global rank → compute slowdown factor (> 0).
    public var slowdown: [Int: Double] = [:]
    /// Every rank's slowdown drawn from this distribution (then `slowdown` overrides).
    public var slowdownDistribution: SlowdownDistribution?
    /// Global rank → remaining fraction of its NIC bandwidth, in (0, 1].
    public var degradedLinks: [Int: Double] = [:]
    public var seed: UInt64 = 0

    public init() {}

    public var isEmpty: Bool { slowdown.isEmpty && slowdownDistribution == nil && degradedLinks.isEmpty }

    /// Every rank's compute factor and NIC factor that differs from 1.
    /// - Throws: `OrreryError.invalidValue` for a rank outside the world or a bad factor.
    public func resolve(worldSize: Int) throws -> (compute: [Int: Double], link: [Int: Double]) {
        var compute: [Int: Double] = [:]
        if let d = slowdownDistribution {
            var rng = SplitMix64(seed: seed)
            for rank in 0..<worldSize {
                let f = d.draw(&rng)
                if f != 1 { compute[rank] = f }
            }
        }
        for (rank, f) in slowdown.sorted(by: { $0.key < $1.key }) {
            guard (0..<worldSize).contains(rank) else {
                throw OrreryError.invalidValue(field: "--straggler", value: "\(rank)", allowed: "a rank in 0..<\(worldSize)")
            }
            guard f.isFinite, f > 0 else {
                throw OrreryError.invalidValue(field: "--straggler", value: "\(rank):\(f)", allowed: "a slowdown factor > 0 (1.5 = 50% slower)")
            }
            compute[rank] = f
        }
        for (rank, f) in degradedLinks {
            guard (0..<worldSize).contains(rank) else {
                throw OrreryError.invalidValue(field: "--degraded-link", value: "\(rank)", allowed: "a rank in 0..<\(worldSize)")
            }
            guard f.isFinite, f > 0, f <= 1 else {
                throw OrreryError.invalidValue(field: "--degraded-link", value: "\(rank):\(f)", allowed: "a bandwidth fraction in (0, 1]")
            }
        }
        return (compute, degradedLinks.filter { $0.value != 1 })
    }

    /// Parses `RANK:FACTOR[,RANK:FACTOR…]`.
    /// - Throws: `OrreryError.invalidValue` naming `field`.
    public static func parseRankFactors(_ text: String, field: String) throws -> [Int: Double] {
        var out: [Int: Double] = [:]
        for item in text.split(separator: ",") {
            let parts = item.split(separator: ":")
            guard parts.count == 2, let rank = Int(parts[0].trimmingCharacters(in: .whitespaces)),
                  let f = Double(parts[1].trimmingCharacters(in: .whitespaces)), rank >= 0, f.isFinite, f > 0 else {
                throw OrreryError.invalidValue(field: field, value: String(item), allowed: "RANK:FACTOR with RANK >= 0 and FACTOR > 0, e.g. 17:1.5")
            }
            out[rank] = f
        }
        return out
    }
}

/// A distribution of per-GPU slowdown factors: `fixed(x)`, `uniform(a,b)`,
/// `normal(mean,sd)` (clamped to ≥ 0.01) or `lognormal(mu,sigma)` of the factor.
public enum SlowdownDistribution: Hashable, Sendable, CustomStringConvertible {
    case fixed(Double)
    case uniform(Double, Double)
    case normal(mean: Double, sd: Double)
    case lognormal(mu: Double, sigma: Double)

    func draw(_ rng: inout SplitMix64) -> Double {
        switch self {
        case .fixed(let x): return x
        case let .uniform(a, b): return a + (b - a) * rng.nextUnit()
        case let .normal(mean, sd): return max(0.01, mean + sd * rng.nextGaussian())
        case let .lognormal(mu, sigma): return exp(mu + sigma * rng.nextGaussian())
        }
    }

    public var description: String {
        switch self {
        case .fixed(let x): return "fixed(\(x))"
        case let .uniform(a, b): return "uniform(\(a),\(b))"
        case let .normal(m, s): return "normal(\(m),\(s))"
        case let .lognormal(m, s): return "lognormal(\(m),\(s))"
        }
    }

    /// Parses `name(a,b)` or a bare number.
    /// - Throws: `OrreryError.invalidValue` for field `--slowdown-dist`.
    public static func parse(_ text: String) throws -> SlowdownDistribution {
        let allowed = "fixed(X), uniform(A,B) with 0 < A <= B, normal(MEAN,SD) with MEAN > 0, SD >= 0, or lognormal(MU,SIGMA) with SIGMA >= 0"
        let bad = OrreryError.invalidValue(field: "--slowdown-dist", value: text, allowed: allowed)
        let t = text.replacingOccurrences(of: " ", with: "").lowercased()
        if let x = Double(t) {
            guard x.isFinite, x > 0 else { throw bad }
            return .fixed(x)
        }
        guard let open = t.firstIndex(of: "("), t.hasSuffix(")") else { throw bad }
        let name = String(t[..<open])
        let args = t[t.index(after: open)..<t.index(before: t.endIndex)].split(separator: ",").compactMap { Double($0) }
        guard args.allSatisfy(\.isFinite) else { throw bad }
        switch (name, args.count) {
        case ("fixed", 1) where args[0] > 0: return .fixed(args[0])
        case ("uniform", 2) where args[0] > 0 && args[0] <= args[1]: return .uniform(args[0], args[1])
        case ("normal", 2) where args[0] > 0 && args[1] >= 0: return .normal(mean: args[0], sd: args[1])
        case ("lognormal", 2) where args[1] >= 0: return .lognormal(mu: args[0], sigma: args[1])
        default: throw bad
        }
    }
}
