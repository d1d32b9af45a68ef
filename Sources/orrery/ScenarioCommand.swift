import ArgumentParser
import Foundation
import OrreryCore

/// `orrery scenario` — prints the effective, normalised scenario (file + flags + defaults)
/// as YAML, or with `--scenarios IN.csv` checks a batch table, echoing it with an `error`
/// column. Bad input exits 2 with a message naming the field; nothing goes to stdout then.
struct ScenarioCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scenario",
        abstract: "Print the effective scenario (defaults filled in) as YAML, or check a batch CSV.")

    @OptionGroup var options: ScenarioOptions

    @Option(name: .customLong("scenarios"), help: ArgumentHelp("Batch CSV to check (one scenario per row).", valueName: "file.csv"))
    var table: String?

    func validate() throws {
        if table != nil, options.scenarioFile != nil || options.hasOverrides {
            throw ValidationError("--scenarios checks a whole table; give it without --scenario or scenario flags")
        }
    }

    func run() throws {
        if let table {
            let read = try BatchScenarioTable.read(path: table)
            var out = CSVLine.join(read.header + ["error"]) + "\n"
            for row in read.rows {
                let error: String
                switch row.scenario {
                case .success: error = ""
                case let .failure(e): error = e.description
                }
                out += CSVLine.join(row.values + [error]) + "\n"
            }
            print(out, terminator: "")
            return
        }
        let scenario = try options.resolve()
        print(try ScenarioFile(normalizing: scenario).yaml(), terminator: "")
    }
}

/// RFC 4180 quoting for one output line.
enum CSVLine {
    static func join(_ fields: [String]) -> String {
        fields.map { field in
            field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
                ? "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
                : field
        }.joined(separator: ",")
    }
}
