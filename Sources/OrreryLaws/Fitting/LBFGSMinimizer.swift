/// Limited-memory BFGS minimisation of a smooth function with its gradient
/// (Nocedal 1980, "Updating quasi-Newton matrices with limited storage", Math. Comp. 35;
/// two-loop recursion and Armijo backtracking as in Nocedal & Wright, *Numerical
/// Optimization*, 2nd ed., Algorithms 7.4 and 3.1).
///
/// Written here rather than taken from a package: the needs are small (a few parameters,
/// a deterministic result) and no maintained Swift optimisation package fits the project's
/// dependency list. A curvature pair is kept only when sᵀy > 0, so the implied Hessian stays
/// positive definite; a non-finite objective along a step is treated as "too far".
/// - Complexity: O(memory · dimension) per iteration plus the objective's cost.
public struct LBFGSMinimizer: Sendable {
    /// Number of curvature pairs kept.
    public var memory: Int = 10
    /// Stop when the largest gradient component is below this.
    public var gradientTolerance: Double = 1e-12
    /// Stop when an iteration lowers f by less than this fraction of max(|f|, 1e-300).
    public var relativeTolerance: Double = 1e-13
    public var maxIterations: Int = 1000

    public init(memory: Int = 10, gradientTolerance: Double = 1e-12, relativeTolerance: Double = 1e-13, maxIterations: Int = 1000) {
        self.memory = memory
        self.gradientTolerance = gradientTolerance
        self.relativeTolerance = relativeTolerance
        self.maxIterations = maxIterations
    }

    /// The result of one minimisation.
    public struct Result: Sendable {
        public var x: [Double]
        public var value: Double
        public var iterations: Int
    }

    /// Minimises `objective`, which returns f(x) and writes ∇f(x) into its second argument.
    public func minimize(from start: [Double], _ objective: ([Double], inout [Double]) -> Double) -> Result {
        let n = start.count
        var x = start
        var g = [Double](repeating: 0, count: n)
        var f = objective(x, &g)
        guard f.isFinite else { return Result(x: x, value: f, iterations: 0) }
        var sList: [[Double]] = [], yList: [[Double]] = [], rhoList: [Double] = []
        var newG = [Double](repeating: 0, count: n)
        var iteration = 0
        while iteration < maxIterations {
            iteration += 1
            if g.map(abs).max() ?? 0 <= gradientTolerance { break }
            // Two-loop recursion: d = −H·g.
            var q = g
            var alphas = [Double](repeating: 0, count: sList.count)
            for i in stride(from: sList.count - 1, through: 0, by: -1) {
                let a = rhoList[i] * dot(sList[i], q)
                alphas[i] = a
                for j in 0..<n { q[j] -= a * yList[i][j] }
            }
            var gamma = 1.0
            if let s = sList.last, let y = yList.last { gamma = dot(s, y) / dot(y, y) }
            else { gamma = 1.0 / max(1.0, (g.map { $0 * $0 }.reduce(0, +)).squareRoot()) }
            for j in 0..<n { q[j] *= gamma }
            for i in 0..<sList.count {
                let b = rhoList[i] * dot(yList[i], q)
                for j in 0..<n { q[j] += sList[i][j] * (alphas[i] - b) }
            }
            var d = q.map { -$0 }
            var slope = dot(g, d)
            if !(slope < 0) {  // not a descent direction: restart with steepest descent
                sList.removeAll(); yList.removeAll(); rhoList.removeAll()
                d = g.map { -$0 / max(1.0, (g.map { $0 * $0 }.reduce(0, +)).squareRoot()) }
                slope = dot(g, d)
                if !(slope < 0) { break }
            }
            // Armijo backtracking.
            var step = 1.0
            var accepted = false
            var newX = x, newF = f
            for _ in 0..<60 {
                for j in 0..<n { newX[j] = x[j] + step * d[j] }
                newF = objective(newX, &newG)
                if newF.isFinite, newF <= f + 1e-4 * step * slope { accepted = true; break }
                step *= 0.5
            }
            if !accepted { break }
            let s = (0..<n).map { newX[$0] - x[$0] }
            let y = (0..<n).map { newG[$0] - g[$0] }
            let sy = dot(s, y)
            let decrease = f - newF
            x = newX
            g = newG
            let previous = f
            f = newF
            if sy > 1e-300 {
                sList.append(s); yList.append(y); rhoList.append(1 / sy)
                if sList.count > memory { sList.removeFirst(); yList.removeFirst(); rhoList.removeFirst() }
            }
            if decrease <= relativeTolerance * max(abs(previous), 1e-300) { break }
        }
        return Result(x: x, value: f, iterations: iteration)
    }

    private func dot(_ a: [Double], _ b: [Double]) -> Double {
        var s = 0.0
        for i in 0..<a.count { s += a[i] * b[i] }
        return s
    }
}
