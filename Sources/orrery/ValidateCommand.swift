import ArgumentParser
import OrreryCore

/// `orrery validate` — not built yet; see the open issue that owns it.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "validate", abstract: "(not built yet)")

    func run() throws {
        throw OrreryError.unsupported(field: "command", value: "validate", supported: ["catalog"])
    }
}
