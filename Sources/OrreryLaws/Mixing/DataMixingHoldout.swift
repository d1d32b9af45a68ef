/// One held-out point: the law fitted on the other mixtures of its group, predicting it.
public struct HeldOutPrediction: Sendable, Hashable {
    public var group: String
    public var ratios: [Double]
    public var measuredLoss: Double
    public var predictedLoss: Double
    /// |predicted − measured| / measured, a fraction.
    public var relativeError: Double { abs(predictedLoss - measuredLoss) / measuredLoss }
}

/// Leave-one-mixture-out validation of the data mixing law: in each group (one validation
/// domain, model size and step count), fit on all mixtures but one and predict the one left
/// out. This is how Ye et al. 2024 (arXiv 2403.16952) check the law on unseen mixtures,
/// done here on the 2-domain data they released (yegcjs/mixinglaws, data/2Mix).
public enum DataMixingHoldout {
    public static func leaveOneOut(_ dataset: MixingDataset, fitter: HuberLBFGSFitter = HuberLBFGSFitter()) throws -> [HeldOutPrediction] {
        let model = DataMixingFitModel(domains: dataset.domains.count)
        var out: [HeldOutPrediction] = []
        for group in dataset.groups {
            guard group.observations.count > model.dimension + 1 else { continue }
            for (i, held) in group.observations.enumerated() {
                var rest = group.observations
                rest.remove(at: i)
                let fit = try fitter.fit(model, to: rest)
                let predicted = model.law(fit.theta).loss(ratios: held.ratios)
                out.append(HeldOutPrediction(group: group.label, ratios: held.ratios, measuredLoss: held.loss, predictedLoss: predicted))
            }
        }
        return out
    }
}
