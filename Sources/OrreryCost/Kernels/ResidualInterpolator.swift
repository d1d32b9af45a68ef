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
    struct Point: Sendable {
        var features: [Double]
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

    mutating func add(features: [Double], measured: Double, model: Double) {
        guard measured > 0, model > 0, measured.isFinite, model.isFinite else { return }
        points.append(Point(features: features, logRatio: log(measured / model)))
    }

    var isEmpty: Bool { points.isEmpty }

    /// The multiplicative correction at `features` (1 when there are no points).
    func correction(at features: [Double]) -> Double {
        guard !points.isEmpty else { return 1 }
        var best: [(d2: Double, r: Double)] = []
        best.reserveCapacity(neighbours + 1)
        for p in points {
            var d2 = 0.0
            for i in 0..<min(p.features.count, features.count) {
                let d = p.features[i] - features[i]
                d2 += d * d
            }
            if best.count < neighbours {
                best.append((d2, p.logRatio))
                best.sort { $0.d2 < $1.d2 }
            } else if d2 < best[best.count - 1].d2 {
                best[best.count - 1] = (d2, p.logRatio)
                best.sort { $0.d2 < $1.d2 }
            }
        }
        if best[0].d2 < 1e-12 { return exp(best[0].r) }
        var wsum = 0.0, rsum = 0.0
        for b in best {
            let w = 1 / b.d2
            wsum += w
            rsum += w * b.r
        }
        let nearest = best[0].d2.squareRoot()
        let fade = nearest <= trustRadius ? 1 : 1 / (1 + (nearest - trustRadius))
        return exp(fade * rsum / wsum)
    }
}
