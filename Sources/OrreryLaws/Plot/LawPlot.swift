import RealModule

/// Data points and fitted curves for one chart, rendered as SVG by `svg()`.
/// The x axis may be logarithmic (base 10); y is linear (loss, nats per token).
public struct LawPlot: Sendable {
    /// One coloured series: measured points and the fitted curve through them.
    public struct Series: Sendable {
        public var label: String
        public var points: [(x: Double, y: Double)]
        public var curve: [(x: Double, y: Double)]
        public init(label: String, points: [(x: Double, y: Double)], curve: [(x: Double, y: Double)]) {
            self.label = label
            self.points = points
            self.curve = curve
        }
    }

    public var title: String
    public var xLabel: String
    public var yLabel: String
    public var logX: Bool
    public var series: [Series]

    public init(title: String, xLabel: String, yLabel: String, logX: Bool, series: [Series]) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.logX = logX
        self.series = series
    }

    /// The chart as a standalone SVG document (720 × 480 px), deterministic text.
    public func svg() -> String {
        let width = 720.0, height = 480.0, left = 70.0, right = 170.0, top = 40.0, bottom = 60.0
        let tx: (Double) -> Double = { logX ? Double.log10($0) : $0 }
        let all = series.flatMap { $0.points + $0.curve }.filter { $0.x.isFinite && $0.y.isFinite && (!logX || $0.x > 0) }
        var x0 = all.map { tx($0.x) }.min() ?? 0, x1 = all.map { tx($0.x) }.max() ?? 1
        var y0 = all.map(\.y).min() ?? 0, y1 = all.map(\.y).max() ?? 1
        if x1 - x0 < 1e-12 { x0 -= 0.5; x1 += 0.5 }
        if y1 - y0 < 1e-12 { y0 -= 0.5; y1 += 0.5 }
        let pad = (y1 - y0) * 0.05
        y0 -= pad; y1 += pad
        let pw = width - left - right, ph = height - top - bottom
        func px(_ x: Double) -> Double { left + (tx(x) - x0) / (x1 - x0) * pw }
        func py(_ y: Double) -> Double { top + (1 - (y - y0) / (y1 - y0)) * ph }
        var s = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" font-family=\"sans-serif\" font-size=\"11\">\n"
        s += "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
        s += "<text x=\"\(f(width / 2))\" y=\"22\" text-anchor=\"middle\" font-size=\"14\">\(escape(title))</text>\n"
        s += "<rect x=\"\(f(left))\" y=\"\(f(top))\" width=\"\(f(pw))\" height=\"\(f(ph))\" fill=\"none\" stroke=\"#333\"/>\n"
        for i in 0...5 {
            let v = x0 + (x1 - x0) * Double(i) / 5
            let x = left + pw * Double(i) / 5
            s += "<line x1=\"\(f(x))\" y1=\"\(f(top + ph))\" x2=\"\(f(x))\" y2=\"\(f(top + ph + 4))\" stroke=\"#333\"/>"
            s += "<text x=\"\(f(x))\" y=\"\(f(top + ph + 16))\" text-anchor=\"middle\">\(logX ? LawPlots.short(Double.pow(10, v)) : f(v, 3))</text>\n"
            let yv = y0 + (y1 - y0) * Double(i) / 5
            let y = top + ph * (1 - Double(i) / 5)
            s += "<line x1=\"\(f(left - 4))\" y1=\"\(f(y))\" x2=\"\(f(left))\" y2=\"\(f(y))\" stroke=\"#333\"/>"
            s += "<text x=\"\(f(left - 6))\" y=\"\(f(y + 4))\" text-anchor=\"end\">\(f(yv, 3))</text>\n"
        }
        s += "<text x=\"\(f(left + pw / 2))\" y=\"\(f(height - 18))\" text-anchor=\"middle\">\(escape(xLabel))</text>\n"
        s += "<text x=\"16\" y=\"\(f(top + ph / 2))\" text-anchor=\"middle\" transform=\"rotate(-90 16 \(f(top + ph / 2)))\">\(escape(yLabel))</text>\n"
        for (i, series) in series.enumerated() {
            let color = Self.palette[i % Self.palette.count]
            let curve = series.curve.filter { $0.x.isFinite && $0.y.isFinite && (!logX || $0.x > 0) }
            if curve.count > 1 {
                s += "<polyline fill=\"none\" stroke=\"\(color)\" stroke-width=\"1.5\" points=\"" + curve.map { "\(f(px($0.x))),\(f(py($0.y)))" }.joined(separator: " ") + "\"/>\n"
            }
            for p in series.points where p.x.isFinite && p.y.isFinite && (!logX || p.x > 0) {
                s += "<circle cx=\"\(f(px(p.x)))\" cy=\"\(f(py(p.y)))\" r=\"2.5\" fill=\"\(color)\"/>\n"
            }
            if i < 24 {
                let ly = top + 12 + Double(i) * 14
                s += "<rect x=\"\(f(width - right + 10))\" y=\"\(f(ly - 8))\" width=\"10\" height=\"10\" fill=\"\(color)\"/>"
                s += "<text x=\"\(f(width - right + 24))\" y=\"\(f(ly + 1))\">\(escape(String(series.label.prefix(26))))</text>\n"
            }
        }
        if series.count > 24 {
            s += "<text x=\"\(f(width - right + 10))\" y=\"\(f(top + 12 + 24 * 14))\">… \(series.count - 24) more</text>\n"
        }
        return s + "</svg>\n"
    }

    /// Tableau 10 colours.
    static let palette = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"]

    /// Fixed-point text with `digits` decimals (deterministic, no locale).
    func f(_ x: Double, _ digits: Int = 1) -> String {
        let scale = Double.pow(10, Double(digits))
        let r = (x * scale).rounded() / scale
        var text = String(r)
        if text.hasSuffix(".0") && digits <= 1 { text.removeLast(2) }
        return text
    }

    func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }
}

extension String {
    fileprivate func replacingOccurrences(of a: String, with b: String) -> String {
        split(separator: Character(a), omittingEmptySubsequences: false).joined(separator: b)
    }
}
