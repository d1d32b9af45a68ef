import Foundation

/// Turns the text a user gives for a model (`--model`, `model:` in a scenario, the `model`
/// column of a batch CSV) into an architecture.
public enum ModelResolver {
    /// Resolves `text` as a catalog name, or as a Hugging Face `config.json`: a path ending
    /// in `.json`, or a directory holding a `config.json`.
    /// - Parameter baseDirectory: where relative paths start (the scenario file's folder);
    ///   nil = the current directory.
    /// - Throws: `OrreryError.unknownName` with the nearest catalog names, or the
    ///   `HFConfigImporter` errors.
    public static func resolve(_ text: String, relativeTo baseDirectory: String? = nil) throws -> ModelArchitecture {
        let trimmed = text.trimmingSpaces
        if let path = configPath(for: trimmed, relativeTo: baseDirectory) {
            return try HFConfigImporter.load(path: path)
        }
        return try CatalogIndex.model(named: trimmed)
    }

    /// The config file `text` names, or nil when `text` is a catalog name.
    static func configPath(for text: String, relativeTo baseDirectory: String?) -> String? {
        let isJSON = text.lowercased().hasSuffix(".json")
        guard isJSON || text.contains("/") else { return nil }
        let path = absolute(text, relativeTo: baseDirectory)
        if isJSON { return path }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            return (path as NSString).appendingPathComponent("config.json")
        }
        return nil
    }

    static func absolute(_ path: String, relativeTo baseDirectory: String?) -> String {
        let expanded = (path as NSString).expandingTildeInPath
        guard let baseDirectory, !expanded.hasPrefix("/") else { return expanded }
        return (baseDirectory as NSString).appendingPathComponent(expanded)
    }
}
