/// Dictionary indexes over the built-in catalogs, for look-ups in hot loops (a batch CSV
/// of 10,000 rows resolves a model and a GPU per row).
///
/// The keys follow the catalogs' own matching rules (`ModelCatalog.normalize`, lower-cased
/// GPU names and aliases). A miss falls back to the catalog's own look-up, so the error
/// (with its "did you mean" suggestions) and any matching rule the catalog adds later
/// stay the catalog's.
/// - Complexity: O(1) per hit after a one-time O(catalog) build.
enum CatalogIndex {
    static let models: [String: ModelArchitecture] = {
        var index: [String: ModelArchitecture] = [:]
        for model in ModelCatalog.models where index[ModelCatalog.normalize(model.name)] == nil {
            index[ModelCatalog.normalize(model.name)] = model
        }
        return index
    }()

    static let gpus: [String: GPUSpec] = {
        var index: [String: GPUSpec] = [:]
        for gpu in HardwareCatalog.gpus {
            for key in [gpu.name] + gpu.aliases where index[key.lowercased()] == nil {
                index[key.lowercased()] = gpu
            }
        }
        return index
    }()

    /// A catalog model by name. - Throws: `OrreryError.unknownName` with suggestions.
    static func model(named name: String) throws -> ModelArchitecture {
        if let hit = models[name] ?? models[ModelCatalog.normalize(name)] { return hit }
        return try ModelCatalog.model(named: name)
    }

    /// A catalog GPU by name or alias. - Throws: `OrreryError.unknownName` with suggestions.
    /// Suggestions also search the aliases (`h1000` → alias `h100` → `h100-sxm`).
    static func gpu(named name: String) throws -> GPUSpec {
        if let hit = gpus[name] ?? gpus[name.lowercased()] { return hit }
        do {
            return try HardwareCatalog.gpu(named: name)
        } catch OrreryError.unknownName(let kind, let badName, let suggestions) {
            var names: [String] = []
            for key in NameSuggester.nearest(to: name, in: Array(gpus.keys), limit: 6) {
                if let canonical = gpus[key]?.name, !names.contains(canonical) { names.append(canonical) }
            }
            for n in suggestions where !names.contains(n) { names.append(n) }
            throw OrreryError.unknownName(kind: kind, name: badName, suggestions: Array(names.prefix(3)))
        }
    }

    /// Whether `model` is exactly the catalog entry of its name (so a dump can print the name).
    static func isCatalogEntry(_ model: ModelArchitecture) -> Bool {
        models[ModelCatalog.normalize(model.name)] == model
    }
}

/// The closest key to a misspelt one, for "did you mean" on schema keys and CSV columns.
/// Ranks by edit distance, then by the longer common prefix (`tpp` → `tp`, not `pp`).
enum KeySuggester {
    static func best(for key: String, in candidates: [String]) -> String? {
        let target = key.lowercased()
        let cutoff = max(2, target.count / 2)
        func commonPrefix(_ a: String, _ b: String) -> Int { zip(a, b).prefix { $0 == $1 }.count }
        return candidates
            .map { ($0, NameSuggester.distance(target, $0.lowercased()), commonPrefix(target, $0.lowercased())) }
            .filter { $0.1 <= cutoff }
            .min { ($0.1, -$0.2, $0.0) < ($1.1, -$1.2, $1.0) }?
            .0
    }
}

extension String {
    /// Without leading and trailing spaces and tabs. Much cheaper than Foundation's
    /// `trimmingCharacters(in:)` on the batch CSV's hot path, and free when there are none.
    var trimmingSpaces: String {
        func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 }
        let u = utf8
        guard let first = u.first, let last = u.last, isSpace(first) || isSpace(last) else { return self }
        guard let start = u.firstIndex(where: { !isSpace($0) }), let end = u.lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[start...end])
    }
}
