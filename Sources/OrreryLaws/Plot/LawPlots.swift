import RealModule

/// Charts of measured points against fitted curves, one builder per law.
public enum LawPlots {
    /// Chinchilla: loss against N (log), one series per compute budget (runs grouped by C
    /// rounded to a quarter decade), each curve the iso-FLOP profile L(N, C/(6N)).
    public static func chinchilla(_ data: [ChinchillaObservation], law: ChinchillaLaw) -> LawPlot {
        var groups: [Double: [ChinchillaObservation]] = [:]
        for o in data {
            let key = (Double.log10(6 * o.parameters * o.tokens) * 4).rounded() / 4
            groups[key, default: []].append(o)
        }
        let series = groups.keys.sorted().map { key -> LawPlot.Series in
            let g = groups[key]!
            let c = g.map { 6 * $0.parameters * $0.tokens }.reduce(0, +) / Double(g.count)
            let lo = Double.log10(g.map(\.parameters).min()!), hi = Double.log10(g.map(\.parameters).max()!)
            let curve = (0...40).map { i -> (x: Double, y: Double) in
                let n = Double.pow(10, lo + (hi - lo) * Double(i) / 40)
                return (n, law.loss(parameters: n, tokens: c / (6 * n)))
            }
            return LawPlot.Series(label: "C ≈ 1e\(key) FLOP", points: g.map { ($0.parameters, $0.loss) }, curve: curve)
        }
        return LawPlot(title: "Chinchilla fit: L = E + A/N^α + B/D^β", xLabel: "parameters N", yLabel: "loss (nats/token)", logX: true, series: series)
    }

    /// D-CPT: loss against mixture ratio r, one series per (N, D).
    public static func dcpt(_ data: [DCPTObservation], law: DCPTLaw) -> LawPlot {
        var order: [String] = []
        var groups: [String: [DCPTObservation]] = [:]
        for o in data {
            let key = "N=\(short(o.parameters)) D=\(short(o.tokens))" + (o.domainCoefficient.map { " K=\(short($0))" } ?? "")
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(o)
        }
        let series = order.map { key -> LawPlot.Series in
            let g = groups[key]!, o = g[0]
            let curve = (0...50).map { i -> (x: Double, y: Double) in
                let r = Double(i) / 50
                return (r, law.loss(parameters: o.parameters, tokens: o.tokens, ratio: r, domainCoefficient: o.domainCoefficient))
            }
            return LawPlot.Series(label: key, points: g.map { ($0.ratio, $0.loss) }, curve: curve)
        }
        return LawPlot(title: "D-CPT Law fit", xLabel: "mixture ratio r", yLabel: "loss (nats/token)", logX: false, series: series)
    }

    /// Data mixing law: loss against the first domain's proportion, one series per group.
    public static func mixing(_ dataset: MixingDataset, laws: [DataMixingLaw]) -> LawPlot {
        let m = dataset.domains.count
        let series = zip(dataset.groups, laws).map { group, law -> LawPlot.Series in
            let curve: [(x: Double, y: Double)] = m == 2 ? (0...50).map { i in
                let r = Double(i) / 50
                return (r, law.loss(ratios: [r, 1 - r]))
            } : []
            return LawPlot.Series(label: group.label, points: group.observations.map { ($0.ratios[0], $0.loss) }, curve: curve)
        }
        return LawPlot(title: "Data mixing law fit", xLabel: "proportion of \(dataset.domains.first ?? "domain 1")", yLabel: "loss (nats/token)", logX: false, series: series)
    }

    /// 1.8e9 → "1.8e9" (two significant digits).
    static func short(_ x: Double) -> String {
        guard x > 0 else { return "0" }
        let e = Int(Double.log10(x).rounded(.down))
        let m = (x / Double.pow(10, Double(e)) * 10).rounded() / 10
        return e == 0 ? "\(m)" : "\(m)e\(e)"
    }
}
