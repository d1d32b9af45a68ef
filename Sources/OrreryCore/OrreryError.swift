/// An error a user can cause. Each case names the field (as a key path such as
/// `parallel.tp` or `scenarios.csv row 3 column tp`), the offending value and what is
/// allowed. The CLI renders it on stderr and exits with code 2; library code throws, never exits.
public enum OrreryError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A value outside its allowed set or range.
    case invalidValue(field: String, value: String, allowed: String)
    /// A name not in a catalog; `suggestions` are the nearest known names.
    case unknownName(kind: String, name: String, suggestions: [String])
    /// A file that cannot be parsed; line and column are 1-based when known.
    case parse(file: String, line: Int?, column: Int?, message: String)
    /// A layout or configuration that breaks a rule relating several fields.
    case rule(field: String, rule: String)
    /// A file that cannot be read or written.
    case io(path: String, message: String)
    /// A feature the input asks for that this build does not support.
    case unsupported(field: String, value: String, supported: [String])

    public var description: String {
        switch self {
        case let .invalidValue(field, value, allowed):
            return "\(field) = \(value) is not allowed: \(allowed)"
        case let .unknownName(kind, name, suggestions):
            let hint = suggestions.isEmpty ? "" : "; did you mean \(suggestions.map { "'\($0)'" }.joined(separator: ", "))?"
            return "unknown \(kind) '\(name)'\(hint) (list them with `orrery catalog`)"
        case let .parse(file, line, column, message):
            var location = file
            if let line { location += ":\(line)" }
            if let column { location += ":\(column)" }
            return "\(location): \(message)"
        case let .rule(field, rule):
            return "\(field): \(rule)"
        case let .io(path, message):
            return "\(path): \(message)"
        case let .unsupported(field, value, supported):
            return "\(field) = \(value) is not supported; supported: \(supported.joined(separator: ", "))"
        }
    }
}

/// A non-fatal remark attached to a result ("assumed roofline for gpu b200: no kernel table").
public struct Diagnostic: Hashable, Sendable, CustomStringConvertible {
    public var location: String
    public var message: String
    public init(location: String, message: String) {
        self.location = location
        self.message = message
    }
    public var description: String { "\(location): \(message)" }
}

/// Nearest names by edit distance, for "did you mean" suggestions.
public enum NameSuggester {
    public static func nearest(to name: String, in candidates: [String], limit: Int = 3) -> [String] {
        let target = name.lowercased()
        let scored = candidates.map { ($0, distance(target, $0.lowercased())) }
        let cutoff = max(3, target.count / 2)
        return scored
            .filter { $0.1 <= cutoff || $0.0.lowercased().contains(target) || target.contains($0.0.lowercased()) }
            .sorted { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0 < $1.0 }
            .prefix(limit)
            .map(\.0)
    }

    /// Levenshtein distance. - Complexity: O(|a|·|b|).
    public static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
