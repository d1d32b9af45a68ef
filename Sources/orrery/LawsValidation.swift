import OrreryCore
import OrreryCost
import OrreryLaws

/// `orrery validate` suites for OrreryLaws (built here because OrreryLaws does not depend on
/// OrreryCost, which owns `ValidationSuite`).
enum LawsValidationSuites {
    static let chinchillaName = "Chinchilla Approach 3 refit vs Besiroglu et al. 2024 (published)"
    static let mixingName = "Data mixing law, held-out mixtures (Ye et al. 2024 2-domain data)"

    static var definitions: [ValidationSuites.Definition] {
        [
            ValidationSuites.Definition(name: chinchillaName) { chinchilla() },
            ValidationSuites.Definition(name: mixingName) { mixing() },
        ]
    }

    static let fitterSource = "OrreryLaws HuberLBFGSFitter"

    /// Our refit of the 240 points against the published estimates.
    static func chinchilla() -> ValidationSuite {
        let source = "Besiroglu et al. 2024, arXiv 2404.10102 (table of Approach 3 estimates)"
        let published = ChinchillaLaw.epochRefit
        let expected: [(String, Double)] = [("E", published.E), ("A", published.A), ("B", published.B), ("alpha", published.alpha), ("beta", published.beta)]
        guard let fit = try? HuberLBFGSFitter().fit(ChinchillaFitModel(), to: EpochChinchillaData.epochFitSet()) else {
            return ValidationSuite(name: chinchillaName, skipped: ["fit failed on the embedded data"])
        }
        let entries = expected.compactMap { name, value in
            fit[name].map { ValidationEntry(ValidationCase(suite: chinchillaName, source: source, label: "parameter \(name)",
                                                           metric: name, predicted: $0, measured: value), kernelSource: fitterSource) }
        }
        return ValidationSuite(name: chinchillaName, notes: [
            "Fit: Huber δ = 1e-3 on log-loss residuals, summed; L-BFGS from the 10 best of the 4,500-point Hoffmann/Epoch grid.",
            "Data: the 245 points Epoch extracted from Hoffmann et al. Fig. 4, less the five highest-loss runs (lines 2-6), taken to be the five outliers Epoch dropped.",
            "Published standard errors: E 0.03, A 124.58, B 1293.23, alpha 0.02, beta 0.02 (A and B are loosely determined; compare E, alpha, beta first).",
        ], entries: entries)
    }

    /// Leave-one-mixture-out predictions against the measured losses.
    static func mixing() -> ValidationSuite {
        let source = "Ye et al. 2024, arXiv 2403.16952, yegcjs/mixinglaws data/2Mix (measured losses)"
        guard let predictions = try? DataMixingHoldout.leaveOneOut(MixingTwoDomainData.dataset()) else {
            return ValidationSuite(name: mixingName, skipped: ["fit failed on the embedded data"])
        }
        let entries = predictions.map { p in
            ValidationEntry(ValidationCase(suite: mixingName, source: source,
                                           label: "\(p.group), github \(p.ratios[0])", metric: "loss_nats",
                                           predicted: p.predictedLoss, measured: p.measuredLoss), kernelSource: fitterSource)
        }
        return ValidationSuite(name: mixingName, notes: [
            "Law L_i(r) = c_i + k_i exp(t_i r_github) per validation domain, model size and step; fitted on 4 of the 5 mixtures, the fifth predicted.",
            "Bar used: mean relative error below 1 % (the working figure for Ye et al.'s reported error on unseen mixtures, about 0.5-1.5 %; their exact figure for this setting was not retrieved).",
            "Held-out end mixtures (github 0.25 or 0.75) are extrapolations and carry most of the error; the worst (160M, step 10000, Pile-CC, 0.75) comes from non-monotone losses the exponential law cannot follow.",
        ], entries: entries)
    }
}
