import ArgumentParser
import Foundation
import OrreryCore
import OrreryCost
import OrreryLaws

/// `orrery laws` — fit and use scaling laws: Chinchilla, D-CPT Law, data mixing laws, DDK
/// domain sampling, and a GPU-hour budget turned into model size, tokens and days.
/// Each subcommand reads its input, calls OrreryLaws and renders; see the files `Laws*Command.swift`.
struct LawsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "laws",
        abstract: "Fit and use scaling laws (Chinchilla, D-CPT, data mixing), DDK domain sampling, GPU-hour budgets.",
        discussion: """
        orrery laws fit --form chinchilla --data Examples/laws/chinchilla_epoch_240.csv
        orrery laws optimal --flops 5.76e23
        orrery laws budget --gpu-hours 1e6 --gpu h100-sxm --num-gpus 1024
        orrery laws ratio --domain-data D.csv --general-data G.csv --model-params 1.8e9 --tokens 1e10 --max-general-increase 0.03
        orrery laws ddk --losses Examples/laws/ddk_losses.csv
        """,
        subcommands: [LawsFitCommand.self, LawsOptimalCommand.self, LawsBudgetCommand.self, LawsRatioCommand.self, LawsDDKCommand.self])
}

/// Shared rendering helpers for the `laws` subcommands.
enum LawsOutput {
    /// Reads a user file as UTF-8 text.
    static func read(_ path: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw OrreryError.io(path: path, message: "cannot read the file (missing or not readable)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw OrreryError.parse(file: path, line: nil, column: nil, message: "not UTF-8 text")
        }
        return text
    }

    /// A JSON object or array with sorted keys, numbers as JSON numbers.
    static func json(_ object: Any) -> String { JSONRendering.encode(object) }

    /// Number text for tables and CSV: 6 significant digits (`formatSignificant`).
    static func number(_ x: Double) -> String { formatSignificant(x) }

    /// A JSON number (non-finite values become null).
    static func jsonNumber(_ x: Double) -> Any { x.isFinite ? x : NSNull() }
}
