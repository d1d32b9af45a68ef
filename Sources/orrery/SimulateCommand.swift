import ArgumentParser
import OrreryCore

/// `orrery simulate` — not built yet; see the open issue that owns it.
struct SimulateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "simulate", abstract: "(not built yet)")

    func run() throws {
        throw OrreryError.unsupported(field: "command", value: "simulate", supported: ["catalog"])
    }
}
