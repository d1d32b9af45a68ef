import ArgumentParser
import Foundation
import OrreryCore
import OrreryLaws

/// `orrery laws optimal --flops C` — the compute-optimal N*, D* for a FLOP budget under
/// C = 6ND, from Epoch's Chinchilla refit or from a law fitted to `--data`.
/// JSON: `{"flops", "parameters", "tokens", "tokens_per_parameter", "loss", "law": {E, A, B, alpha, beta}}`.
struct LawsOptimalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "optimal",
        abstract: "Compute-optimal model size and tokens for a FLOP budget (Chinchilla, C = 6ND).")

    @Option(help: "Training compute budget, FLOPs (e.g. 5.76e23).")
    var flops: Double

    @Option(help: ArgumentHelp("Fit the Chinchilla law to this CSV first (default: Besiroglu et al. 2024's published refit).", valueName: "file.csv"))
    var data: String?

    @Option(help: "table (default), json or csv; json and csv print data only.")
    var format: OutputFormat = .table

    func validate() throws {
        if !(flops > 0) || !flops.isFinite { throw ValidationError("--flops must be a positive number of FLOPs, e.g. 1e23") }
    }

    func run() throws {
        var law = ChinchillaLaw.epochRefit
        var source = "Besiroglu et al. 2024 (arXiv 2404.10102) refit"
        if let data {
            let r = try LawFitting.fit(form: .chinchilla, csv: try LawsOutput.read(data), file: data, resamples: 0, seed: 0)
            law = ChinchillaLaw(E: r.values[0], A: r.values[1], B: r.values[2], alpha: r.values[3], beta: r.values[4])
            source = "fitted to \(data)"
        }
        let a = law.computeOptimal(flops: flops)
        let fields: [(String, Double)] = [("flops", a.flops), ("parameters", a.parameters), ("tokens", a.tokens),
                                          ("tokens_per_parameter", a.tokensPerParameter), ("loss", a.loss)]
        switch format {
        case .json:
            var o: [String: Any] = [:]
            for (k, v) in fields { o[k] = LawsOutput.jsonNumber(v) }
            o["law"] = ["E": law.E, "A": law.A, "B": law.B, "alpha": law.alpha, "beta": law.beta]
            print(LawsOutput.json(o), terminator: "")
        case .csv:
            print((try? CSVRendering.csv(header: fields.map(\.0), rows: [fields.map { LawsOutput.number($0.1) }])) ?? "", terminator: "")
        case .table:
            print("Compute-optimal allocation, L = E + A/N^α + B/D^β with E=\(LawsOutput.number(law.E)) A=\(LawsOutput.number(law.A)) B=\(LawsOutput.number(law.B)) α=\(LawsOutput.number(law.alpha)) β=\(LawsOutput.number(law.beta)) (\(source))")
            print(TableRendering.table(header: ["quantity", "value"], rows: fields.map { [$0.0, LawsOutput.number($0.1)] }), terminator: "")
        }
    }
}
