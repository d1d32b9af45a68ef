import Foundation

/// Grid points for interpolating a cost over a count (tokens, sequences): every integer
/// 1…16, then `perOctave` points per doubling (8: ratio 2^(1/8) ≈ 1.09; 16: ≈ 1.044) up to
/// `maximum`.
/// `locate` finds the bracketing pair in O(1).
struct LogGrid: Sendable {
    let points: [Int]
    let perOctave: Double
    static let linearTop = 16

    init(maximum: Int, perOctave: Double = 8) {
        self.perOctave = perOctave
        var p = Array(1...Self.linearTop)
        var k = 1.0
        while p.last! < maximum {
            let v = Int((Double(Self.linearTop) * pow(2, k / perOctave)).rounded())
            if v > p.last! { p.append(v) }
            k += 1
        }
        points = p
    }

    /// Index `i` and weight `w` so that x ≈ (1−w)·points[i] + w·points[i+1] (x clamped to the grid).
    @inline(__always)
    func locate(_ x: Int) -> (Int, Double) {
        let last = points.count - 1
        if x <= 1 || last == 0 { return (0, 0) }
        if x >= points[last] { return (last - 1, 1) }
        if x <= Self.linearTop { return (x - 1, 0) }
        var i = Self.linearTop - 1 + Int(perOctave * log2(Double(x) / Double(Self.linearTop)))
        i = min(max(i, Self.linearTop - 1), points.count - 2)
        while i > 0 && points[i] > x { i -= 1 }
        while i < points.count - 2 && points[i + 1] <= x { i += 1 }
        let lo = points[i], hi = points[i + 1]
        return (i, min(1, Double(x - lo) / Double(hi - lo)))
    }
}
