import Foundation

/// Escaping for the text Orrery writes: CSV fields and JSON string literals. The one place
/// these rules are written, for the CLI's CSV and JSON output and the validation report.
public enum TextEscaping {
    /// `s` as one CSV field (RFC 4180): when it holds a comma, a double quote, CR or LF, it is
    /// wrapped in double quotes with each inner quote doubled; otherwise it is returned as is.
    /// The check is on UTF-8 bytes, so a CR LF pair or a comma followed by a combining mark
    /// is found too.
    public static func csvField(_ s: String) -> String {
        guard s.utf8.contains(where: { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D }) else {
            return s
        }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// `s` as a JSON string literal, quotes included: `"` and `\` backslash-escaped, LF, CR
    /// and tab as `\n`, `\r`, `\t`, the other control characters below U+0020 as `\u00xx`
    /// (lowercase hex); everything else, non-ASCII included, as is.
    public static func jsonString(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
