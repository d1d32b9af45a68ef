import ArgumentParser
import OrreryCore
import OrreryCost

/// `orrery validate [--suite NAME] [--details] [--format table|json|csv]` — the scoreboard:
/// for each validation suite and source, how far our predictions are from published or
/// measured numbers (MAPE and max APE), and which kernel model priced them. A report: it
/// exits 0 however large the errors are; only an unknown `--suite` is an error (exit 2).
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Predicted vs measured per validation suite and source, with the MAPE.",
        discussion: "Suites: " + ValidationRegistry.names.joined(separator: "; "))

    @Option(help: "Run only the suites whose name is, or contains, this text (case-insensitive).")
    var suite: String?

    @Flag(help: "Also list every case (label, metric, predicted, measured, APE %), the suites' assumptions and the rows left out.")
    var details = false

    @Option(help: "table (default), json or csv; json and csv print data only.")
    var format: OutputFormat = .table

    func run() throws {
        let suites = try ValidationSuites.build(suite, among: ValidationRegistry.definitions)
        let rendered: ValidationReport.Format
        switch format {
        case .table: rendered = .table
        case .json: rendered = .json
        case .csv: rendered = .csv
        }
        print(ValidationReport.render(suites, format: rendered, details: details), terminator: "")
    }
}
