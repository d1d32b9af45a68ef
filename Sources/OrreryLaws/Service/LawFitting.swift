import OrreryCore

/// The laws `orrery laws fit` knows.
public enum LawForm: String, CaseIterable, Sendable {
    case chinchilla, dcpt, mixing
}

/// What `orrery laws fit` reports: named parameters, intervals, fit error, and the chart.
public struct LawFitReport: Sendable {
    public var form: LawForm
    /// Parameter names in report order (for `mixing`, prefixed by the group: "valid_domain=Github, …: c").
    public var names: [String]
    public var values: [Double]
    /// Bootstrap percentile intervals (same order), or nil when no resampling was asked for.
    public var intervals: [ClosedRange<Double>]?
    /// Mean |L̂ − L| / L over the fitted points, a fraction.
    public var fitError: Double
    public var points: Int
    public var plot: LawPlot
}

/// Fits a law, chosen by name, to CSV text: the library entry point the CLI calls.
public enum LawFitting {
    /// - Parameters:
    ///   - resamples: bootstrap resamples for the intervals (0 = none).
    ///   - seed: SplitMix64 seed for the resampling.
    ///   - epsilon: D-CPT's ε (ignored by the other forms).
    /// - Throws: `OrreryError` for unreadable or invalid data, or too few points.
    public static func fit(form: LawForm, csv text: String, file: String, resamples: Int, seed: UInt64,
                           epsilon: Double = DCPTLaw.defaultEpsilon) throws -> LawFitReport {
        guard resamples >= 0 else {
            throw OrreryError.invalidValue(field: "--bootstrap", value: "\(resamples)", allowed: "a count ≥ 0")
        }
        let fitter = HuberLBFGSFitter()
        let bootstrap = BootstrapIntervals(resamples: resamples, seed: seed)
        switch form {
        case .chinchilla:
            let data = try LawDataReader.chinchilla(text, file: file)
            let model = ChinchillaFitModel()
            let fit = bootstrap.apply(to: try named(file) { try fitter.fit(model, to: data) }, model: model, observations: data, fitter: fitter)
            return LawFitReport(form: form, names: fit.names, values: fit.values, intervals: resamples > 0 ? fit.intervals : nil,
                                fitError: fit.meanRelativeError, points: data.count, plot: LawPlots.chinchilla(data, law: model.law(fit.theta)))
        case .dcpt:
            guard epsilon > 0, epsilon.isFinite else {
                throw OrreryError.invalidValue(field: "--epsilon", value: "\(epsilon)", allowed: "a small positive number, e.g. 0.01")
            }
            let data = try LawDataReader.dcpt(text, file: file)
            let withK = data.filter { $0.domainCoefficient != nil }.count
            guard withK == 0 || withK == data.count else {
                throw OrreryError.rule(field: "\(file) column K", rule: "give the domain coefficient K on every row (cross-domain law) or on none")
            }
            let model = DCPTFitModel(epsilon: epsilon, crossDomain: withK > 0)
            let fit = bootstrap.apply(to: try named(file) { try fitter.fit(model, to: data) }, model: model, observations: data, fitter: fitter)
            return LawFitReport(form: form, names: fit.names, values: fit.values, intervals: resamples > 0 ? fit.intervals : nil,
                                fitError: fit.meanRelativeError, points: data.count, plot: LawPlots.dcpt(data, law: model.law(fit.theta)))
        case .mixing:
            let dataset = try LawDataReader.mixing(text, file: file)
            let model = DataMixingFitModel(domains: dataset.domains.count)
            var names: [String] = [], values: [Double] = [], intervals: [ClosedRange<Double>] = [], laws: [DataMixingLaw] = []
            var errorSum = 0.0, points = 0
            for (i, group) in dataset.groups.enumerated() {
                let lines = group.observations.map { String($0.line) }.joined(separator: ", ")
                let fit = try named("\(file) group '\(group.label)' (lines \(lines))") { try fitter.fit(model, to: group.observations) }
                let withIntervals = BootstrapIntervals(resamples: resamples, seed: seed &+ UInt64(i))
                    .apply(to: fit, model: model, observations: group.observations, fitter: fitter)
                names += fit.names.map { "\(group.label): \($0)" }
                values += fit.values
                intervals += withIntervals.intervals ?? []
                laws.append(model.law(fit.theta))
                errorSum += fit.meanRelativeError * Double(group.observations.count)
                points += group.observations.count
            }
            return LawFitReport(form: form, names: names, values: values, intervals: resamples > 0 ? intervals : nil,
                                fitError: errorSum / Double(points), points: points, plot: LawPlots.mixing(dataset, laws: laws))
        }
    }

    /// Runs `body`, renaming the field of a "too few points" rule error to `field`.
    static func named<T>(_ field: String, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch OrreryError.rule(_, let rule) {
            throw OrreryError.rule(field: field, rule: rule)
        }
    }
}
