/// The built-in hardware catalog: GPUs, links and cluster presets. Every number carries
/// its source in `source` (vendor datasheet or whitepaper).
public enum HardwareCatalog {
    public static let gpus: [GPUSpec] = GPUCatalogEntries.all
    public static let links: [LinkSpec] = LinkCatalogEntries.all

    /// Looks a GPU up by name or alias (case-insensitive; spaces and `_` match `-`, so
    /// nvidia-smi's "NVIDIA H100 80GB HBM3" and "H100_SXM" both resolve).
    /// - Throws: `OrreryError.unknownName` with the nearest known names.
    public static func gpu(named name: String) throws -> GPUSpec {
        let key = normalize(name)
        if let hit = gpus.first(where: { normalize($0.name) == key || $0.aliases.map(normalize).contains(key) }) {
            return hit
        }
        throw OrreryError.unknownName(kind: "gpu", name: name,
                                      suggestions: NameSuggester.nearest(to: name, in: gpus.map(\.name)))
    }

    /// Looks a link up by name or alias (case-insensitive; spaces and `_` match `-`).
    public static func link(named name: String) throws -> LinkSpec {
        let key = normalize(name)
        if let hit = links.first(where: { normalize($0.name) == key || $0.aliases.map(normalize).contains(key) }) {
            return hit
        }
        throw OrreryError.unknownName(kind: "link", name: name,
                                      suggestions: NameSuggester.nearest(to: name, in: links.map(\.name)))
    }

    /// The look-up key of a name: lower-case, runs of whitespace, `_` and `-` as one `-`,
    /// no leading or trailing `-`.
    static func normalize(_ name: String) -> String {
        var out = ""
        var pendingDash = false
        for c in name.lowercased() {
            if c.isWhitespace || c == "_" || c == "-" {
                pendingDash = !out.isEmpty
            } else {
                if pendingDash { out.append("-") }
                pendingDash = false
                out.append(c)
            }
        }
        return out
    }
}
