import Foundation
import OrreryCore

/// One LoRA adapter: a name (the trace's `adapter` id) and its rank.
public struct LoRAAdapter: Hashable, Sendable {
    public var name: String
    public var rank: Int
    public init(name: String, rank: Int) {
        self.name = name
        self.rank = rank
    }
}

/// The adapters defined for a run (`--adapters`), looked up by the trace's `adapter` ids.
public struct AdapterSet: Hashable, Sendable {
    public var adapters: [LoRAAdapter]
    private var byName: [String: Int]

    public init(_ adapters: [LoRAAdapter]) {
        self.adapters = adapters
        byName = Dictionary(adapters.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { a, _ in a })
    }

    public static let none = AdapterSet([])

    /// `count` adapters named `0`…`count−1`, all of rank `rank`.
    public static func numbered(_ count: Int, rank: Int) -> AdapterSet {
        AdapterSet((0..<count).map { LoRAAdapter(name: "\($0)", rank: rank) })
    }

    public func index(of name: String) -> Int? { byName[name] }
    public var isEmpty: Bool { adapters.isEmpty }
    public var count: Int { adapters.count }

    var describeDefined: String {
        if adapters.isEmpty { return "no adapters are defined" }
        if adapters.count <= 6 { return "defined: " + adapters.map(\.name).joined(separator: ", ") }
        return "defined: \(adapters.count) adapters, \(adapters[0].name) … \(adapters[adapters.count - 1].name)"
    }

    /// Parses `--adapters`: a count (`16`: ids 0…15 of rank `rank`) or a comma list of
    /// `NAME` or `NAME:RANK`.
    /// - Throws: `OrreryError.invalidValue` naming `--adapters`.
    public static func parse(_ text: String, rank: Int) throws -> AdapterSet {
        let allowed = "a count 0…100000, or a comma list of NAME or NAME:RANK (rank 1…1024), names unique"
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let n = Int(trimmed) {
            guard n >= 0, n <= 100_000 else { throw OrreryError.invalidValue(field: "--adapters", value: text, allowed: allowed) }
            return .numbered(n, rank: rank)
        }
        var list: [LoRAAdapter] = []
        for item in trimmed.split(separator: ",") {
            let parts = item.split(separator: ":", omittingEmptySubsequences: false).map { String($0).trimmingCharacters(in: .whitespaces) }
            guard (1...2).contains(parts.count), !parts[0].isEmpty else {
                throw OrreryError.invalidValue(field: "--adapters", value: text, allowed: allowed)
            }
            let r = parts.count == 2 ? Int(parts[1]) : rank
            guard let r, (1...1024).contains(r), !list.contains(where: { $0.name == parts[0] }) else {
                throw OrreryError.invalidValue(field: "--adapters", value: text, allowed: allowed)
            }
            list.append(LoRAAdapter(name: parts[0], rank: r))
        }
        return AdapterSet(list)
    }
}
