import OrreryCost
import OrrerySim
import OrreryServe

/// Every validation suite `orrery validate` knows, in report order: the cost model's,
/// then each downstream target's (each target publishes `definitions`).
enum ValidationRegistry {
    static var definitions: [ValidationSuites.Definition] {
        ValidationSuites.definitions
            + SimValidationSuites.definitions
            + LawsValidationSuites.definitions
            + ServeValidationSuites.definitions
    }
    static var names: [String] { definitions.map(\.name) }
}
