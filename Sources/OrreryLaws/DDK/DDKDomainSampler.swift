import OrreryCore
import RealModule

/// One domain's validation losses at one evaluation of a distillation run.
public struct DDKDomainLoss: Sendable, Hashable {
    public var domain: String
    /// Teacher validation loss on the domain, nats per token (> 0).
    public var teacherLoss: Double
    /// Student validation loss on the domain, nats per token (> 0).
    public var studentLoss: Double

    public init(domain: String, teacherLoss: Double, studentLoss: Double) {
        self.domain = domain
        self.teacherLoss = teacherLoss
        self.studentLoss = studentLoss
    }
}

/// The sampling weights DDK gives each domain after one evaluation.
public struct DDKScheduleStep: Sendable, Hashable {
    /// Evaluation index (the file's `step` value, or 0, 1, … in file order).
    public var step: Int
    public var domains: [String]
    /// Domain discrepancy factor of this evaluation alone: softmax of ℓ_S/ℓ_T.
    public var discrepancy: [Double]
    /// Smoothed sampling probabilities used until the next evaluation (sum to 1).
    public var probabilities: [Double]
}

/// DDK's domain-knowledge-guided sampling (Liu et al. 2024, "DDK: Distilling Domain Knowledge
/// for Efficient Large Language Models", arXiv 2407.16154, NeurIPS 2024).
///
/// At each evaluation the per-domain gap between student and teacher validation losses is
/// turned into a *domain discrepancy factor*, the softmax of the loss ratios,
///
///     r[i] = exp(ℓ_S[i] / ℓ_T[i]) / Σ_j exp(ℓ_S[j] / ℓ_T[j]),
///
/// and the sampling probabilities are updated smoothly from the previous ones (the paper's
/// "factor smooth updating"):
///
///     ψ[i] = p_prev[i] · exp(ℓ_S[i] / ℓ_T[i]),   p[i] = α · ψ[i] / Σ_j ψ[j] + (1 − α) / M
///
/// with M domains and smoothing α ∈ [0, 1] (α = 0: uniform sampling; α = 1: no mixing-in of
/// the uniform distribution). The first evaluation starts from uniform p_prev = 1/M.
///
/// Assumption, stated because the paper text was not available to check while writing this:
/// the two formulas above are this implementation's reading of DDK §3 (softmax of the
/// student/teacher loss ratio; multiplicative update mixed with a uniform floor); the default
/// α = 0.5 is ours, not a published value. Both are parameters so they can be corrected.
public struct DDKDomainSampler: Sendable {
    /// Smoothing α ∈ [0, 1].
    public var smoothing: Double

    public static let defaultSmoothing = 0.5

    public init(smoothing: Double = DDKDomainSampler.defaultSmoothing) throws {
        guard smoothing >= 0, smoothing <= 1, smoothing.isFinite else {
            throw OrreryError.invalidValue(field: "--smoothing", value: "\(smoothing)", allowed: "a number in [0, 1]")
        }
        self.smoothing = smoothing
    }

    /// The discrepancy factor (softmax of ℓ_S/ℓ_T) for one evaluation.
    public func discrepancy(_ losses: [DDKDomainLoss]) -> [Double] {
        let ratios = losses.map { $0.studentLoss / $0.teacherLoss }
        let m = ratios.max() ?? 0
        let e = ratios.map { Double.exp($0 - m) }
        let s = e.reduce(0, +)
        return e.map { $0 / s }
    }

    /// One smoothed update from `previous` probabilities.
    public func update(previous: [Double], losses: [DDKDomainLoss]) -> [Double] {
        let ratios = losses.map { $0.studentLoss / $0.teacherLoss }
        let m = ratios.max() ?? 0
        let psi = zip(previous, ratios).map { p, q in p * Double.exp(q - m) }
        let s = psi.reduce(0, +)
        let uniform = 1 / Double(losses.count)
        return psi.map { smoothing * (s > 0 ? $0 / s : uniform) + (1 - smoothing) * uniform }
    }

    /// The schedule over successive evaluations (each with the same domains in the same order).
    /// - Throws: `OrreryError.rule` when an evaluation's domains differ from the first one's.
    public func schedule(_ evaluations: [(step: Int, losses: [DDKDomainLoss])]) throws -> [DDKScheduleStep] {
        guard let first = evaluations.first else { return [] }
        let domains = first.losses.map(\.domain)
        var p = [Double](repeating: 1 / Double(domains.count), count: domains.count)
        var out: [DDKScheduleStep] = []
        for e in evaluations {
            guard e.losses.map(\.domain) == domains else {
                throw OrreryError.rule(field: "step \(e.step)", rule: "every step must list the same domains as the first (\(domains.joined(separator: ", ")))")
            }
            p = update(previous: p, losses: e.losses)
            out.append(DDKScheduleStep(step: e.step, domains: domains, discrepancy: discrepancy(e.losses), probabilities: p))
        }
        return out
    }
}
