import Foundation
import Yams

/// Reads scenario YAML files into `Scenario` values.
///
/// Reading happens in three passes over the YAML node tree: (1) Yams composes the tree
/// (syntax errors carry file:line:column); (2) a walk against the schema's key tree
/// (`ScenarioKeySchema`, built from the `CodingKeys`) reports unknown keys with their
/// position and records where every key sits; (3) `YAMLDecoder` decodes the tree into
/// `ScenarioFile`, whose type errors are reported at the recorded positions.
public enum ScenarioLoader {
    /// Loads, resolves and validates a scenario file.
    /// - Throws: `OrreryError.io` when the file cannot be read; `.parse` with file, line
    ///   and column for malformed YAML or an unknown key; `.invalidValue` / `.rule` naming
    ///   the key path (prefixed with its file:line:column) for bad values.
    public static func load(path: String) throws -> Scenario {
        try document(path: path).resolve()
    }

    /// Reads a scenario file without resolving it (the CLI applies flag overrides first).
    public static func document(path: String) throws -> ScenarioDocument {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw OrreryError.io(path: path, message: "no such file")
        }
        guard !isDirectory.boolValue else { throw OrreryError.io(path: path, message: "is a directory, not a scenario file") }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw OrreryError.io(path: path, message: "cannot read the file")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw OrreryError.parse(file: path, line: nil, column: nil, message: "not UTF-8 text")
        }
        let base = (path as NSString).deletingLastPathComponent
        return try document(yaml: text, file: path, baseDirectory: base.isEmpty ? nil : base)
    }

    /// Parses scenario text; `file` names it in errors.
    public static func document(yaml text: String, file: String, baseDirectory: String? = nil) throws -> ScenarioDocument {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw parseError(error, file: file, text: text)
        }
        guard let root else {
            throw OrreryError.parse(file: file, line: 1, column: 1,
                                    message: "empty scenario; expected a mapping with keys \(ScenarioKeySchema.root.keys.joined(separator: ", "))")
        }
        guard root.mapping != nil else {
            let mark = root.mark
            throw OrreryError.parse(file: file, line: mark?.line, column: mark?.column,
                                    message: "a scenario is a mapping with keys \(ScenarioKeySchema.root.keys.joined(separator: ", "))")
        }
        var document = ScenarioDocument(file: ScenarioFile(), path: file, baseDirectory: baseDirectory)
        try walk(root, schema: .root, prefix: "", file: file, into: &document)
        do {
            document.file = try YAMLDecoder().decode(ScenarioFile.self, from: root)
        } catch let error as DecodingError {
            throw document.located(decodingError(error, document: document))
        }
        return document
    }

    /// Checks keys against the schema and records where each key path sits.
    private static func walk(_ node: Node, schema: ScenarioKeySchema, prefix: String, file: String,
                             into document: inout ScenarioDocument) throws {
        guard let mapping = node.mapping else { return }
        for (keyNode, value) in mapping {
            guard let key = keyNode.scalar?.string else {
                throw OrreryError.parse(file: file, line: keyNode.mark?.line, column: keyNode.mark?.column,
                                        message: "keys must be plain names\(prefix.isEmpty ? "" : " in \(prefix)")")
            }
            let path = prefix.isEmpty ? key : "\(prefix).\(key)"
            guard schema.keys.contains(key) else {
                let hint = KeySuggester.best(for: key, in: schema.keys).map { "; did you mean \($0)?" } ?? ""
                throw OrreryError.parse(file: file, line: keyNode.mark?.line, column: keyNode.mark?.column,
                                        message: "unknown key \(path)\(hint) (allowed\(prefix.isEmpty ? "" : " in \(prefix)"): \(schema.keys.joined(separator: ", ")))")
            }
            if let mark = keyNode.mark { document.origins[path] = "\(file):\(mark.line):\(mark.column)" }
            if let scalar = value.scalar { document.scalars[path] = scalar.string }
            guard let child = schema.children[key] else { continue }
            if value.mapping != nil {
                try walk(value, schema: child, prefix: path, file: file, into: &document)
            } else if !(child.scalarAllowed && value.scalar != nil) {
                let what = child.scalarAllowed ? "a name or a mapping" : "a mapping"
                throw OrreryError.parse(file: file, line: value.mark?.line, column: value.mark?.column,
                                        message: "\(path) must be \(what) with keys \(child.keys.joined(separator: ", "))")
            }
        }
    }

    /// A Yams error as file:line:column plus the parser's own words.
    static func parseError(_ error: YamlError, file: String, text: String) -> OrreryError {
        switch error {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _), let .composer(context, problem, mark, _):
            let while_ = context.map { " (\($0.text) at line \($0.mark.line), column \($0.mark.column))" } ?? ""
            return .parse(file: file, line: mark.line, column: mark.column, message: "malformed YAML: \(problem)\(while_)")
        case let .reader(problem, offset, _, _):
            var line: Int?, column: Int?
            if let offset {
                let prefix = text.prefix(offset)
                line = prefix.filter { $0 == "\n" }.count + 1
                column = prefix.count - (prefix.lastIndex(of: "\n").map { prefix.distance(from: prefix.startIndex, to: $0) + 1 } ?? 0) + 1
            }
            return .parse(file: file, line: line, column: column, message: "malformed YAML: \(problem)")
        case let .duplicatedKeysInMapping(duplicates, context):
            return .parse(file: file, line: context.mark.line, column: context.mark.column,
                          message: "duplicate key \(duplicates.joined(separator: ", ")) in the mapping that starts here")
        default:
            return .parse(file: file, line: nil, column: nil, message: "malformed YAML: \(error)")
        }
    }

    /// A decoding error as a value error at its key path.
    private static func decodingError(_ error: DecodingError, document: ScenarioDocument) -> OrreryError {
        func path(_ context: DecodingError.Context) -> String {
            context.codingPath.map(\.stringValue).joined(separator: ".")
        }
        switch error {
        case let .typeMismatch(type, context):
            let field = path(context)
            let value = document.scalars[field] ?? "(a mapping or list)"
            return .invalidValue(field: field, value: value, allowed: allowed(for: field, type: type))
        case let .valueNotFound(type, context):
            let field = path(context)
            return .invalidValue(field: field, value: "(empty)", allowed: allowed(for: field, type: type))
        case let .keyNotFound(key, context):
            let field = [path(context), key.stringValue].filter { !$0.isEmpty }.joined(separator: ".")
            return .invalidValue(field: field, value: "(missing)", allowed: "a value")
        case let .dataCorrupted(context):
            return .invalidValue(field: path(context), value: document.scalars[path(context)] ?? "?", allowed: context.debugDescription)
        @unknown default:
            return .parse(file: document.path ?? "scenario", line: nil, column: nil, message: "\(error)")
        }
    }

    private static func allowed(for field: String, type: Any.Type) -> String {
        switch field {
        case "model": return "a catalog name, a path to a config.json, or a mapping {arch, layers, hidden, heads, …}"
        case "cluster": return "a preset name or a mapping {preset | gpu, nodes, gpus_per_node, nics, nic_gbps, nic_link}"
        default: break
        }
        switch type {
        case is Int.Type: return "an integer"
        case is Double.Type: return "a number"
        case is Bool.Type: return "true or false"
        case is String.Type: return "a single value (text or number)"
        default: return "a mapping"
        }
    }
}

/// A scenario as read from a file (or built from flags), before resolution, with where
/// each key came from so errors can point at it.
public struct ScenarioDocument: Sendable {
    public var file: ScenarioFile
    /// The scenario file, nil when the scenario comes from flags only.
    public var path: String?
    /// Where relative model paths start (the scenario file's folder).
    public var baseDirectory: String?
    /// Origin of each key path: `scenario.yaml:7:3` for a file key, `--tp` for a flag.
    public var origins: [String: String]
    /// The text of scalar values by key path, for messages.
    var scalars: [String: String] = [:]

    public init(file: ScenarioFile, path: String? = nil, baseDirectory: String? = nil, origins: [String: String] = [:]) {
        self.file = file
        self.path = path
        self.baseDirectory = baseDirectory
        self.origins = origins
    }

    /// Resolves and validates (`ScenarioFile.resolve`), with errors pointing at the key's
    /// line in the file or at the flag that set it.
    public func resolve(explicitPipelineSplit: Bool = false) throws -> Scenario {
        do {
            return try file.resolve(baseDirectory: baseDirectory, explicitPipelineSplit: explicitPipelineSplit)
        } catch let error as OrreryError {
            throw located(error)
        }
    }

    /// Marks a key path as set by a flag (an override replaces the file's position).
    public mutating func setOrigin(_ keyPath: String, _ origin: String) {
        origins[keyPath] = origin
        for key in origins.keys where key.hasPrefix(keyPath + ".") { origins[key] = origin }
    }

    /// `error` with its field prefixed by the key's origin: `scenario.yaml:7:3: parallel.tp`
    /// for a file key, `parallel.tp (--tp)` for a flag. Fields without an origin stay as they are.
    public func located(_ error: OrreryError) -> OrreryError {
        func locate(_ field: String) -> String {
            var key = field
            while true {
                if let origin = origins[key] {
                    return origin.hasPrefix("-") ? "\(field) (\(origin))" : "\(origin): \(field)"
                }
                guard let dot = key.lastIndex(of: ".") else { return field }
                key = String(key[..<dot])
            }
        }
        switch error {
        case let .invalidValue(field, value, allowed): return .invalidValue(field: locate(field), value: value, allowed: allowed)
        case let .rule(field, rule): return .rule(field: locate(field), rule: rule)
        case let .unsupported(field, value, supported): return .unsupported(field: locate(field), value: value, supported: supported)
        default: return error
        }
    }
}
