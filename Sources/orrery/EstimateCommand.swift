import ArgumentParser
import OrreryCore

/// `orrery estimate` — not built yet; see the open issue that owns it.
struct EstimateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "estimate", abstract: "(not built yet)")

    func run() throws {
        throw OrreryError.unsupported(field: "command", value: "estimate", supported: ["catalog"])
    }
}
