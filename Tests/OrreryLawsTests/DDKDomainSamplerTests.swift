import OrreryCore
import Testing
@testable import OrreryLaws

/// DDK domain sampling (Liu et al. 2024, arXiv 2407.16154) on hand-computed cases.
struct DDKDomainSamplerTests {
    /// Teacher [2, 2], student [3, 2]: ratios 1.5 and 1. Discrepancy = softmax =
    /// [1/(1+e^−0.5), 1 − that] = [0.622459, 0.377541]. From uniform with α = 0.5:
    /// p₁ = 0.5·0.622459 + 0.25 = 0.561230. Second step, same losses:
    /// ψ = [0.561230·e^1.5, 0.438770·e^1] = [2.51526, 1.19270] → [0.678340, 0.321660],
    /// p = [0.589170, 0.410830]. (Hand computation, checked with a calculator.)
    @Test func twoDomainHandComputed() throws {
        let sampler = try DDKDomainSampler(smoothing: 0.5)
        let losses = [DDKDomainLoss(domain: "code", teacherLoss: 2, studentLoss: 3),
                      DDKDomainLoss(domain: "web", teacherLoss: 2, studentLoss: 2)]
        let schedule = try sampler.schedule([(step: 0, losses: losses), (step: 1000, losses: losses)])
        #expect(abs(schedule[0].discrepancy[0] - 0.622459) < 1e-6)
        #expect(abs(schedule[0].probabilities[0] - 0.561230) < 1e-6)
        #expect(abs(schedule[1].probabilities[0] - 0.589170) < 1e-6)
        #expect(abs(schedule[1].probabilities.reduce(0, +) - 1) < 1e-12)
    }

    /// Equal gaps give uniform weights; α = 0 is uniform whatever the gaps.
    @Test func equalGapsAndZeroSmoothingAreUniform() throws {
        let equal = (0..<4).map { DDKDomainLoss(domain: "d\($0)", teacherLoss: Double($0 + 1), studentLoss: 1.2 * Double($0 + 1)) }
        for p in try DDKDomainSampler().schedule([(step: 0, losses: equal)])[0].probabilities { #expect(abs(p - 0.25) < 1e-12) }
        let unequal = [DDKDomainLoss(domain: "a", teacherLoss: 1, studentLoss: 5), DDKDomainLoss(domain: "b", teacherLoss: 1, studentLoss: 1)]
        for p in try DDKDomainSampler(smoothing: 0).schedule([(step: 0, losses: unequal)])[0].probabilities { #expect(abs(p - 0.5) < 1e-12) }
    }

    @Test func rejectsBadSmoothingAndChangingDomains() {
        #expect(throws: OrreryError.self) { try DDKDomainSampler(smoothing: 1.5) }
        let a = [DDKDomainLoss(domain: "a", teacherLoss: 1, studentLoss: 2)]
        let b = [DDKDomainLoss(domain: "b", teacherLoss: 1, studentLoss: 2)]
        #expect(throws: OrreryError.self) { try DDKDomainSampler().schedule([(step: 0, losses: a), (step: 1, losses: b)]) }
    }
}
