/// Built-in model architectures, each from its published configuration.
public enum ModelCatalog {
    public static let models: [ModelArchitecture] = ModelCatalogEntries.all

    /// Looks a model up by name (case-insensitive; `_` and `.` match `-`).
    /// - Throws: `OrreryError.unknownName` with the nearest known names.
    public static func model(named name: String) throws -> ModelArchitecture {
        let key = normalize(name)
        if let hit = models.first(where: { normalize($0.name) == key }) { return hit }
        throw OrreryError.unknownName(kind: "model", name: name,
                                      suggestions: NameSuggester.nearest(to: name, in: models.map(\.name)))
    }

    /// The lookup key: lower case, with `_` and `.` as `-` (so `Llama_3.1_8B` finds `llama-3.1-8b`).
    static func normalize(_ s: String) -> String {
        String(s.lowercased().map { $0 == "_" || $0 == "." ? "-" : $0 })
    }
}
