import Foundation

/// Reads scenario YAML files into `Scenario` values.
public enum ScenarioLoader {
    /// Loads and validates a scenario file.
    /// - Throws: `OrreryError.parse` with file, line and column for malformed YAML;
    ///   `OrreryError.invalidValue`/`.rule` naming the key path for bad values.
    public static func load(path: String) throws -> Scenario {
        throw OrreryError.unsupported(field: "--scenario", value: path, supported: [])
    }
}
