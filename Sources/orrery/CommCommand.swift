import ArgumentParser
import OrreryCore

/// `orrery comm` — not built yet; see the open issue that owns it.
struct CommCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "comm", abstract: "(not built yet)")

    func run() throws {
        throw OrreryError.unsupported(field: "command", value: "comm", supported: ["catalog"])
    }
}
