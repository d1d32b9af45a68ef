import ArgumentParser
import OrreryCore

/// `orrery plan` — not built yet; see the open issue that owns it.
struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "plan", abstract: "(not built yet)")

    func run() throws {
        throw OrreryError.unsupported(field: "command", value: "plan", supported: ["catalog"])
    }
}
