import ArgumentParser
import Foundation
import OrreryCore
import OrreryLaws

/// `orrery laws fit --form chinchilla|dcpt|mixing --data FILE` — fit a law with Huber loss on
/// log-loss residuals and L-BFGS from a grid of starts; bootstrap intervals; optional SVG.
/// JSON: `{"form", "params": {name: value}, "intervals": {name: [low, high]}, "fit_error"}`
/// (DESIGN.md contract); `fit_error` is the mean |L̂ − L| / L over the fitted points.
struct LawsFitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fit",
        abstract: "Fit a scaling law to a CSV of runs; print parameters, bootstrap intervals and fit error.",
        discussion: """
        Columns: chinchilla  N (or 'Model Size'), D (or C / 'Training FLOP', D = C/6N), loss
                 dcpt        N, D, r (mixture ratio of the corpus the loss is on), loss [, K for the cross-domain law]
                 mixing      ratio_<domain> per training domain (sum 1), loss, plus grouping columns (valid_domain, model_size, step)
        """)

    @Option(help: "Law to fit: chinchilla, dcpt or mixing.")
    var form: LawForm

    @Option(help: ArgumentHelp("CSV of runs.", valueName: "file.csv"))
    var data: String

    @Option(help: "Bootstrap resamples for the 95 % intervals (0 = none).")
    var bootstrap: Int = 100

    @Option(help: "Seed of the bootstrap resampling (SplitMix64).")
    var seed: UInt64 = 0

    @Option(help: "D-CPT's ε in C/(r+ε)^γ (fixed, not fitted).")
    var epsilon: Double = DCPTLaw.defaultEpsilon

    @Option(help: ArgumentHelp("Write an SVG of the data and fitted curves here (atomically).", valueName: "out.svg"))
    var plot: String?

    @Option(help: "table (default), json or csv; json and csv print data only.")
    var format: OutputFormat = .table

    func validate() throws {
        if bootstrap < 0 { throw ValidationError("--bootstrap must be 0 or more (0 skips the intervals)") }
    }

    func run() throws {
        let report = try LawFitting.fit(form: form, csv: try LawsOutput.read(data), file: data,
                                        resamples: bootstrap, seed: seed, epsilon: epsilon)
        if let plot { try CLIOutput.writeAtomically(report.plot.svg(), to: plot) }
        print(render(report), terminator: "")
    }

    func render(_ r: LawFitReport) -> String {
        switch format {
        case .json:
            var params: [String: Any] = [:], intervals: [String: Any] = [:]
            for (i, name) in r.names.enumerated() {
                params[name] = LawsOutput.jsonNumber(r.values[i])
                if let iv = r.intervals?[i] { intervals[name] = [LawsOutput.jsonNumber(iv.lowerBound), LawsOutput.jsonNumber(iv.upperBound)] }
            }
            return LawsOutput.json(["form": r.form.rawValue, "params": params, "intervals": intervals, "fit_error": LawsOutput.jsonNumber(r.fitError)] as [String: Any])
        case .csv:
            let rows = r.names.enumerated().map { i, name in
                [name, LawsOutput.number(r.values[i]), r.intervals.map { LawsOutput.number($0[i].lowerBound) } ?? "",
                 r.intervals.map { LawsOutput.number($0[i].upperBound) } ?? ""]
            }
            return (try? CSVRendering.csv(header: ["parameter", "value", "low_95", "high_95"], rows: rows)) ?? ""
        case .table:
            let rows = r.names.enumerated().map { i, name in
                [name, LawsOutput.number(r.values[i]),
                 r.intervals.map { "[\(LawsOutput.number($0[i].lowerBound)), \(LawsOutput.number($0[i].upperBound))]" } ?? "-"]
            }
            var out = "\(r.form.rawValue) law fitted to \(r.points) runs of \(data) (Huber δ = 1e-3 on log loss, L-BFGS)\n"
            out += TableRendering.table(header: ["parameter", "value", "95% interval (\(bootstrap) bootstrap resamples, seed \(seed))"], rows: rows)
            out += "fit error: \(LawsOutput.number(r.fitError * 100)) % mean |predicted − measured| / measured\n"
            if let plot { out += "plot: \(plot)\n" }
            return out
        }
    }
}

extension LawForm: ExpressibleByArgument {}
