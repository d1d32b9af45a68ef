/// The built-in hardware catalog: GPUs, links and cluster presets. Every number carries
/// its source in `source` (vendor datasheet or whitepaper).
public enum HardwareCatalog {
    public static let gpus: [GPUSpec] = GPUCatalogEntries.all
    public static let links: [LinkSpec] = LinkCatalogEntries.all

    /// Looks a GPU up by name or alias (case-insensitive).
    /// - Throws: `OrreryError.unknownName` with the nearest known names.
    public static func gpu(named name: String) throws -> GPUSpec {
        let key = name.lowercased()
        if let hit = gpus.first(where: { $0.name == key || $0.aliases.map { $0.lowercased() }.contains(key) }) {
            return hit
        }
        throw OrreryError.unknownName(kind: "gpu", name: name,
                                      suggestions: NameSuggester.nearest(to: name, in: gpus.map(\.name)))
    }

    /// Looks a link up by name or alias (case-insensitive).
    public static func link(named name: String) throws -> LinkSpec {
        let key = name.lowercased()
        if let hit = links.first(where: { $0.name == key || $0.aliases.map { $0.lowercased() }.contains(key) }) {
            return hit
        }
        throw OrreryError.unknownName(kind: "link", name: name,
                                      suggestions: NameSuggester.nearest(to: name, in: links.map(\.name)))
    }
}
