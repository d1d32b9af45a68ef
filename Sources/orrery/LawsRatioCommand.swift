import ArgumentParser
import Foundation
import OrreryCore
import OrreryLaws

/// `orrery laws ratio` — fit D-CPT Laws to domain-loss and general-loss runs, then pick the
/// domain mixture ratio that minimises the domain loss while the general loss rises by at
/// most `--max-general-increase` (Que et al. 2024's first usage). In the domain file `r` is
/// the domain-corpus ratio; in the general file `r` is the general-corpus ratio (1 − r_d).
/// JSON: `{"domain_ratio", "general_ratio", "domain_loss", "general_loss",
/// "baseline_general_loss", "general_loss_increase"}`.
struct LawsRatioCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ratio",
        abstract: "D-CPT Law: the domain mixture ratio for a general/domain loss trade-off.")

    @Option(name: .customLong("domain-data"), help: ArgumentHelp("Runs with the domain-corpus validation loss (r = domain ratio).", valueName: "file.csv"))
    var domainData: String

    @Option(name: .customLong("general-data"), help: ArgumentHelp("Runs with the general-corpus validation loss (r = general ratio).", valueName: "file.csv"))
    var generalData: String

    @Option(name: .customLong("model-params"), help: "Model size N to choose the ratio for.")
    var modelParams: Double

    @Option(help: "Continual-pre-training tokens D.")
    var tokens: Double

    @Option(name: .customLong("max-general-increase"), help: "Largest allowed relative rise of the general loss (0.03 = 3 %).")
    var maxGeneralIncrease: Double

    @Option(name: .customLong("baseline-general-loss"), help: "General loss before continual pre-training (default: the general law at r_g = 1).")
    var baselineGeneralLoss: Double?

    @Option(help: "D-CPT's ε in C/(r+ε)^γ (fixed, not fitted).")
    var epsilon: Double = DCPTLaw.defaultEpsilon

    @Option(help: "table (default), json or csv; json and csv print data only.")
    var format: OutputFormat = .table

    func run() throws {
        func law(_ path: String) throws -> DCPTLaw {
            let r = try LawFitting.fit(form: .dcpt, csv: try LawsOutput.read(path), file: path, resamples: 0, seed: 0, epsilon: epsilon)
            guard r.names.count == 8 else {
                throw OrreryError.rule(field: "\(path) column K", rule: "the ratio choice uses the standard D-CPT Law: leave out the K column")
            }
            let v = r.values
            return DCPTLaw(E: v[0], A: v[1], alpha: v[2], B: v[3], eta: v[4], beta: v[5], C: v[6], gamma: v[7], epsilon: epsilon)
        }
        let choice = try DCPTMixtureOptimizer.optimalDomainRatio(domainLaw: try law(domainData), generalLaw: try law(generalData),
                                                                 parameters: modelParams, tokens: tokens,
                                                                 maxGeneralLossIncrease: maxGeneralIncrease, baselineGeneralLoss: baselineGeneralLoss)
        let fields: [(String, Double)] = [("domain_ratio", choice.domainRatio), ("general_ratio", 1 - choice.domainRatio),
                                          ("domain_loss", choice.domainLoss), ("general_loss", choice.generalLoss),
                                          ("baseline_general_loss", choice.baselineGeneralLoss), ("general_loss_increase", choice.generalLossIncrease)]
        switch format {
        case .json:
            var o: [String: Any] = [:]
            for (k, v) in fields { o[k] = LawsOutput.jsonNumber(v) }
            print(LawsOutput.json(o), terminator: "")
        case .csv:
            print((try? CSVRendering.csv(header: fields.map(\.0), rows: [fields.map { LawsOutput.number($0.1) }])) ?? "", terminator: "")
        case .table:
            print("D-CPT trade-off at N = \(LawsOutput.number(modelParams)), D = \(LawsOutput.number(tokens)): minimise the domain loss, general loss within +\(LawsOutput.number(maxGeneralIncrease * 100)) %")
            print(TableRendering.table(header: ["quantity", "value"], rows: fields.map { [$0.0, LawsOutput.number($0.1)] }), terminator: "")
        }
    }
}
