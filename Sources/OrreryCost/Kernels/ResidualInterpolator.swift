import Foundation

/// Interpolates a multiplicative correction to an analytic model from calibration points.
///
/// Each point holds a feature vector (log-scaled shape dimensions) and `log(measured / model)`.
/// A query takes the inverse-squared-distance weighted mean of its `neighbours` nearest
/// points' log ratios (Shepard interpolation), so it returns a measured point exactly and
/// blends smoothly between points. Far outside the table the correction fades towards 1 and
/// the analytic model (which carries the scaling law) takes over.
/// - Complexity: O(points · dimensions) per query.
struct ResidualInterpolator: Sendable {
    /// Up to 8 features (unused lanes 0), so distances need no heap allocation.
    typealias Features = SIMD8<Double>

    struct Point: Sendable {
        var features: Features
        var logRatio: Double
    }

    private(set) var points: [Point] = []
    /// How many nearest points take part in one query.
    var neighbours = 4
    /// Distance (in feature units, log2 of a dimension) beyond which the correction fades.
    var trustRadius = 1.5

    init(neighbours: Int = 4, trustRadius: Double = 1.5) {
        self.neighbours = neighbours
        self.trustRadius = trustRadius
    }

    /// Adds a point, keeping `points` sorted by the first feature (for the pruned search).
    mutating func add(features: Features, measured: Double, model: Double) {
        guard measured > 0, model > 0, measured.isFinite, model.isFinite else { return }
        let i = firstIndex(notBelow: features[0])
        points.insert(Point(features: features, logRatio: log(measured / model)), at: i)
    }

    /// The first point whose first feature is ≥ `x` (binary search).
    func firstIndex(notBelow x: Double) -> Int {
        var lo = 0, hi = points.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if points[mid].features[0] < x { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// The multiplicative correction at `features` (1 when there are no points).
    func correction(at features: Features) -> Double {
        guard !points.isEmpty else { return 1 }
        let k = min(neighbours, 8, points.count)
        // The k nearest, kept sorted by squared distance in two fixed-size lanes.
        var d2s = SIMD8<Double>(repeating: .infinity)
        var ratios = SIMD8<Double>(repeating: 0)
        // Walk outwards from the query's place in first-feature order; stop each direction
        // once the first feature alone is farther than the k-th best distance.
        func consider(_ p: Point) {
            let d = p.features - features
            let d2 = (d * d).sum()
            guard d2 < d2s[k - 1] else { return }
            var j = k - 1
            while j > 0 && d2s[j - 1] > d2 {
                d2s[j] = d2s[j - 1]
                ratios[j] = ratios[j - 1]
                j -= 1
            }
            d2s[j] = d2
            ratios[j] = p.logRatio
        }
        let start = firstIndex(notBelow: features[0])
        var up = start, down = start - 1
        while up < points.count || down >= 0 {
            if up < points.count {
                let gap = points[up].features[0] - features[0]
                if gap * gap >= d2s[k - 1] { up = points.count } else { consider(points[up]); up += 1 }
            }
            if down >= 0 {
                let gap = features[0] - points[down].features[0]
                if gap * gap >= d2s[k - 1] { down = -1 } else { consider(points[down]); down -= 1 }
            }
        }
        if d2s[0] < 1e-12 { return exp(ratios[0]) }
        var wsum = 0.0, rsum = 0.0
        for j in 0..<k {
            let w = 1 / d2s[j]
            wsum += w
            rsum += w * ratios[j]
        }
        let nearest = d2s[0].squareRoot()
        let fade = nearest <= trustRadius ? 1 : 1 / (1 + (nearest - trustRadius))
        return exp(fade * rsum / wsum)
    }
}
