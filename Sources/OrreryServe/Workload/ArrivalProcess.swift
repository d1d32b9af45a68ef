import Foundation
import OrreryCore

/// When requests arrive.
/// - `poisson`: exponential gaps with mean 1/rate.
/// - `gamma`: gamma-distributed gaps with mean 1/rate and coefficient of variation `cv`
///   (cv > 1 is bursty; cv = 1 is Poisson), the burstiness model of AlpaServe (Li et al.,
///   OSDI 2023, §6.1) and DistServe's evaluation.
/// - `diurnal`: a Poisson process whose rate follows rate·(1 + amplitude·sin(2πt/period)),
///   sampled by thinning (Lewis & Shedler, 1979).
/// - `offline`: every request at t = 0 (the offline-throughput benchmarks).
public enum ArrivalProcess: Hashable, Sendable, CustomStringConvertible {
    case poisson(rate: Double)
    case gamma(rate: Double, cv: Double)
    case diurnal(rate: Double, amplitude: Double, period: Seconds)
    case offline

    /// Mean arrival rate, requests per second (infinite for `offline`).
    public var meanRate: Double {
        switch self {
        case .poisson(let r), .gamma(let r, _), .diurnal(let r, _, _): return r
        case .offline: return .infinity
        }
    }

    public var description: String {
        switch self {
        case .poisson(let r): return "poisson(\(r)/s)"
        case let .gamma(r, cv): return "gamma(\(r)/s, cv \(cv))"
        case let .diurnal(r, a, p): return "diurnal(\(r)/s ±\(a * 100)%, period \(p.value) s)"
        case .offline: return "offline (all at t=0)"
        }
    }

    /// Arrival times in [0, duration), or the first `count` arrivals when `count` is given.
    public func arrivals(duration: Seconds, count: Int? = nil, rng: inout SplitMix64) -> [SimInstant] {
        var out: [SimInstant] = []
        if let count { out.reserveCapacity(count) } else if meanRate.isFinite {
            out.reserveCapacity(Int(meanRate * duration.value * 1.1) + 16)
        }
        let limit = count ?? Int.max
        func more(_ t: Double) -> Bool { out.count < limit && (count != nil || t < duration.value) }
        switch self {
        case .offline:
            for _ in 0..<(count ?? 0) { out.append(.zero) }
        case .poisson(let rate):
            var t = rng.exponential(mean: 1 / rate)
            while more(t) { out.append(SimInstant(seconds: Seconds(t))); t += rng.exponential(mean: 1 / rate) }
        case let .gamma(rate, cv):
            // Gamma gaps: shape 1/cv², scale cv²/rate → mean 1/rate, CV cv.
            let shape = 1 / (cv * cv), scale = cv * cv / rate
            var t = rng.gamma(shape: shape) * scale
            while more(t) { out.append(SimInstant(seconds: Seconds(t))); t += rng.gamma(shape: shape) * scale }
        case let .diurnal(rate, amplitude, period):
            let peak = rate * (1 + amplitude)
            var t = rng.exponential(mean: 1 / peak)
            while more(t) {
                let r = rate * (1 + amplitude * sin(2 * Double.pi * t / period.value))
                if rng.unit() * peak < r { out.append(SimInstant(seconds: Seconds(t))) }
                t += rng.exponential(mean: 1 / peak)
            }
        }
        return out
    }

    /// Parses `poisson`, `gamma:CV`, `diurnal:AMPLITUDE:PERIOD_S` or `offline` with a rate.
    /// - Throws: `OrreryError.invalidValue` naming `--arrival`.
    public static func parse(_ text: String, rate: Double) throws -> ArrivalProcess {
        let parts = text.lowercased().split(separator: ":").map(String.init)
        let allowed = "poisson, gamma:CV (CV > 0), diurnal:AMPLITUDE:PERIOD_S (0 ≤ AMPLITUDE ≤ 1, PERIOD_S > 0) or offline"
        let bad = OrreryError.invalidValue(field: "--arrival", value: text, allowed: allowed)
        switch (parts.first ?? "", parts.count) {
        case ("poisson", 1): return .poisson(rate: rate)
        case ("offline", 1): return .offline
        case ("gamma", 2):
            guard let cv = Double(parts[1]), cv > 0, cv.isFinite else { throw bad }
            return .gamma(rate: rate, cv: cv)
        case ("diurnal", 3):
            guard let a = Double(parts[1]), a >= 0, a <= 1, let p = Double(parts[2]), p > 0, p.isFinite else { throw bad }
            return .diurnal(rate: rate, amplitude: a, period: Seconds(p))
        default: throw bad
        }
    }
}
