import ArgumentParser
import OrreryCore

/// `orrery catalog` — not built yet; see the open issue that owns it.
struct CatalogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "catalog", abstract: "(not built yet)")

    func run() throws {
        throw OrreryError.unsupported(field: "command", value: "catalog", supported: ["catalog"])
    }
}
