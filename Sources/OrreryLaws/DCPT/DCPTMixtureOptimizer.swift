import OrreryCore

/// The domain mixture ratio a pair of fitted D-CPT Laws recommends.
public struct DCPTRatioChoice: Sendable, Hashable {
    /// Domain-corpus ratio r_d ∈ [0, 1] (general ratio r_g = 1 − r_d).
    public var domainRatio: Double
    /// Predicted domain-corpus validation loss at r_d, nats per token.
    public var domainLoss: Double
    /// Predicted general-corpus validation loss at r_g = 1 − r_d, nats per token.
    public var generalLoss: Double
    /// The general loss the constraint is relative to (L_g⁰), nats per token.
    public var baselineGeneralLoss: Double
    /// (L_g − L_g⁰) / L_g⁰ at the choice, a fraction.
    public var generalLossIncrease: Double
}

/// Picks the domain ratio for a general/domain trade-off, the first usage in Que et al. 2024
/// (D-CPT Law, arXiv 2406.01375, §"Usages"): minimise the domain loss L_d(N, D, r_d) subject
/// to the general loss rising by at most a fraction T over L_g⁰,
/// (L_g(N, D, 1 − r_d) − L_g⁰) / L_g⁰ ≤ T.
///
/// L_g⁰ defaults to the general law's own prediction at r_g = 1 (training on general data
/// only); pass the measured loss of the model before continual pre-training if known.
/// The search is exhaustive over r_d on a grid of step 1e-4 (10,001 points; the laws are
/// cheap), so it finds the global optimum of the grid whatever the shape of the curves.
public enum DCPTMixtureOptimizer {
    public static func optimalDomainRatio(domainLaw: DCPTLaw, generalLaw: DCPTLaw, parameters: Double, tokens: Double,
                                          maxGeneralLossIncrease: Double, baselineGeneralLoss: Double? = nil) throws -> DCPTRatioChoice {
        guard parameters > 0, parameters.isFinite else {
            throw OrreryError.invalidValue(field: "--model-params", value: "\(parameters)", allowed: "a positive parameter count")
        }
        guard tokens > 0, tokens.isFinite else {
            throw OrreryError.invalidValue(field: "--tokens", value: "\(tokens)", allowed: "a positive token count")
        }
        guard maxGeneralLossIncrease >= 0, maxGeneralLossIncrease.isFinite else {
            throw OrreryError.invalidValue(field: "--max-general-increase", value: "\(maxGeneralLossIncrease)", allowed: "a fraction ≥ 0 (0.03 = 3 %)")
        }
        let baseline = baselineGeneralLoss ?? generalLaw.loss(parameters: parameters, tokens: tokens, ratio: 1)
        guard baseline > 0, baseline.isFinite else {
            throw OrreryError.invalidValue(field: "--baseline-general-loss", value: "\(baseline)", allowed: "a positive loss")
        }
        var best: DCPTRatioChoice?
        let steps = 10_000
        for i in 0...steps {
            let rd = Double(i) / Double(steps)
            let lg = generalLaw.loss(parameters: parameters, tokens: tokens, ratio: 1 - rd)
            let increase = (lg - baseline) / baseline
            guard increase <= maxGeneralLossIncrease + 1e-12 else { continue }
            let ld = domainLaw.loss(parameters: parameters, tokens: tokens, ratio: rd)
            guard ld.isFinite else { continue }
            if best == nil || ld < best!.domainLoss {
                best = DCPTRatioChoice(domainRatio: rd, domainLoss: ld, generalLoss: lg, baselineGeneralLoss: baseline, generalLossIncrease: increase)
            }
        }
        guard let best else {
            throw OrreryError.rule(field: "--max-general-increase",
                                   rule: "no domain ratio in [0, 1] keeps the general loss within \(maxGeneralLossIncrease) of \(baseline): allow a larger increase")
        }
        return best
    }
}
