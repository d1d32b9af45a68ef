import Foundation
import OrreryCore

/// Message-size lists as nccl-tests takes them: `1K..8G` doubles from the first size to the
/// last (`-b 1K -e 8G -f 2`); `1M,64M,1G` lists sizes; suffixes K, M, G, T are binary
/// (2^10, 2^20, 2^30, 2^40 bytes, as nccl-tests reads them); a bare number is bytes.
public enum MessageSizes {
    /// At most this many sizes per sweep.
    public static let maximumCount = 64
    /// Largest size accepted: 1 TiB.
    public static let maximumBytes = 1_099_511_627_776.0

    /// - Throws: `OrreryError.invalidValue` (field `--sizes`) for an unreadable, non-positive
    ///   or reversed size, or a list longer than `maximumCount`.
    public static func parse(_ text: String, field: String = "--sizes") throws -> [Double] {
        let t = text.trimmingCharacters(in: .whitespaces)
        let allowed = "sizes like 1K..8G (doubling) or 1M,64M,1G; suffixes K M G T (binary), each > 0 and <= 1T"
        if let range = t.range(of: "..") {
            let lo = try size(String(t[..<range.lowerBound]), whole: text, field: field, allowed: allowed)
            let hi = try size(String(t[range.upperBound...]), whole: text, field: field, allowed: allowed)
            guard lo <= hi else { throw OrreryError.invalidValue(field: field, value: text, allowed: "the first size no larger than the last: " + allowed) }
            var out: [Double] = []
            var s = lo
            while s <= hi * (1 + 1e-12) {
                out.append(s)
                s *= 2
                guard out.count <= maximumCount else {
                    throw OrreryError.invalidValue(field: field, value: text, allowed: "at most \(maximumCount) sizes")
                }
            }
            return out
        }
        let parts = t.split(separator: ",", omittingEmptySubsequences: false)
        guard parts.count <= maximumCount else { throw OrreryError.invalidValue(field: field, value: text, allowed: "at most \(maximumCount) sizes") }
        return try parts.map { try size(String($0), whole: text, field: field, allowed: allowed) }
    }

    static func size(_ raw: String, whole: String, field: String, allowed: String) throws -> Double {
        var s = raw.trimmingCharacters(in: .whitespaces).uppercased()
        if s.hasSuffix("B") { s.removeLast() }
        if s.hasSuffix("I") { s.removeLast() }
        var scale = 1.0
        if let last = s.last, let k = ["K": 1024.0, "M": 1_048_576.0, "G": 1_073_741_824.0, "T": 1_099_511_627_776.0][String(last)] {
            scale = k
            s.removeLast()
        }
        guard let v = Double(s), v.isFinite, v > 0, v * scale <= maximumBytes else {
            throw OrreryError.invalidValue(field: field, value: whole, allowed: allowed)
        }
        return (v * scale).rounded()
    }

    /// `1K`, `64M`, `8G`: the inverse of `parse` for one size (binary units).
    public static func format(_ bytes: Double) -> String {
        let units = [("G", 1_073_741_824.0), ("M", 1_048_576.0), ("K", 1024.0)]
        for (u, v) in units where bytes >= v {
            let x = bytes / v
            return x == x.rounded() ? "\(Int(x))\(u)" : String(format: "%.1f%@", x, u)
        }
        return "\(Int(bytes))B"
    }
}
