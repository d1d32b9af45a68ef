import ArgumentParser
import OrreryCore

/// The root command: lists the subcommands, nothing else.
struct Orrery: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "orrery",
        abstract: "A digital twin of large-model training and serving clusters.",
        subcommands: [
            CatalogCommand.self,
            EstimateCommand.self,
            CommCommand.self,
            SimulateCommand.self,
            PlanCommand.self,
            ServeCommand.self,
            LawsCommand.self,
            ValidateCommand.self,
            ScenarioCommand.self,
        ]
    )
}
