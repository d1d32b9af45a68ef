import ArgumentParser
import OrreryCore

/// `orrery serve` — not built yet; see the open issue that owns it.
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "serve", abstract: "(not built yet)")

    func run() throws {
        throw OrreryError.unsupported(field: "command", value: "serve", supported: ["catalog"])
    }
}
