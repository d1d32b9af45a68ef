import ArgumentParser
import OrreryCore

/// `orrery laws` — not built yet; see the open issue that owns it.
struct LawsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "laws", abstract: "(not built yet)")

    func run() throws {
        throw OrreryError.unsupported(field: "command", value: "laws", supported: ["catalog"])
    }
}
