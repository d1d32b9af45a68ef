import Testing
@testable import OrreryLaws

/// Data mixing law (Ye et al. 2024, arXiv 2403.16952) on their released 2-domain runs.
struct DataMixingLawTests {
    @Test func embeddedDataGroups() {
        let data = MixingTwoDomainData.dataset()
        #expect(data.domains == ["github", "pilecc"])
        #expect(data.groups.count == 44)  // 2 model sizes × 11 steps × 2 validation domains
        #expect(data.groups.allSatisfy { $0.observations.count == 5 })
    }

    /// Held-out mixtures: fit on 4 of the 5 mixtures of each group, predict the fifth.
    /// Bar: the working figure for Ye et al.'s reported prediction error on unseen mixtures,
    /// roughly 0.5–1.5 % relative error (the paper's exact figure for this setting could not
    /// be retrieved while writing this): mean below 1 % over all held-out points, below 1.5 %
    /// on the three interior mixtures. Measured with this fitter: mean 0.81 % over 220 points.
    @Test func leaveOneOutErrorWithinPaperRange() throws {
        let predictions = try DataMixingHoldout.leaveOneOut(MixingTwoDomainData.dataset())
        #expect(predictions.count == 220)
        let mean = predictions.map(\.relativeError).reduce(0, +) / Double(predictions.count)
        #expect(mean < 0.01, "mean held-out relative error \(mean)")
        let interior = predictions.filter { $0.ratios[0] > 0.3 && $0.ratios[0] < 0.7 }
        let interiorMean = interior.map(\.relativeError).reduce(0, +) / Double(interior.count)
        #expect(interiorMean < 0.015, "interior mean \(interiorMean)")
    }

    /// Exact data from a known law (c = 1.2, k = 0.8, t = −1.5; ours) is recovered.
    @Test func recoversKnownLaw() throws {
        let law = DataMixingLaw(c: 1.2, k: 0.8, t: [-1.5])
        let data = [0.1, 0.3, 0.5, 0.7, 0.9].map { MixingObservation(ratios: [$0, 1 - $0], loss: law.loss(ratios: [$0, 1 - $0])) }
        let fit = try HuberLBFGSFitter().fit(DataMixingFitModel(domains: 2), to: data)
        #expect(abs(fit["c"]! / 1.2 - 1) < 1e-3)
        #expect(abs(fit["k"]! / 0.8 - 1) < 1e-3)
        #expect(abs(fit["t1"]! / -1.5 - 1) < 1e-3)
    }
}
