import Foundation
import OrreryCore
import OrreryCost

/// Searches the layouts of a request for the fastest one that fits (`LayoutSearchSpace`,
/// `ShapeSearch`), ranks them (`PlanRanking`) and explains the ranking (`PlanExplanation`).
///
/// The main search prices every surviving candidate with `estimator`; when `refiner` is
/// given (the discrete-event simulator, wired in by the CLI), the best `refineCount`
/// candidates are priced again with it and re-ranked, and the result says so.
/// Search: (0) shapes whose weights, gradients and optimizer states alone overflow memory are
/// dropped; (1) every remaining (shape, micro-batch) pair gets one estimate without
/// recomputation — a lower bound on all its options — concurrently, each result in its own
/// slot; (2) pairs are expanded in bound order, sequentially, until the bound passes the k-th
/// best fitting step time (branch and bound: exact for the top k). Same inputs, same output.
public struct LayoutPlanner: Sendable {
    public var estimator: any StepEstimating
    public var refiner: (any StepEstimating)?
    /// How many of the main search's best candidates the refiner re-prices.
    public var refineCount: Int
    /// Search shapes on all cores (results are identical either way).
    public var concurrent: Bool

    public init(estimator: any StepEstimating = TrainingEstimator(), refiner: (any StepEstimating)? = nil,
                refineCount: Int = 16, concurrent: Bool = true) {
        self.estimator = estimator
        self.refiner = refiner
        self.refineCount = refineCount
        self.concurrent = concurrent
    }

    /// The ranked plans for `request`.
    /// - Throws: `OrreryError` when the request is invalid, when no layout divides the global
    ///   batch, or when the model fits at no layout (naming the smallest cluster that fits).
    public func plan(_ request: PlanRequest) throws -> PlanResult {
        try request.validate()
        let space = LayoutSearchSpace(request)
        let (shapes, rejected) = space.shapes()
        guard !shapes.isEmpty else { throw PlanFailure.noLayout(request, rejected: rejected) }
        let search = ShapeSearch(estimator: estimator, request: request)
        let usable = MemoryBudget.usablePeak(gpu: request.cluster.gpu, reserve: request.memoryReserve)

        // Pass 0: the search space, and the (shape, micro-batch) pairs whose weights,
        // gradients and optimizer states alone fit.
        var pairs: [(shape: Int, mb: Int)] = []
        var considered = 0
        var smallestPeak: Bytes?
        for (i, s) in shapes.enumerated() {
            let mbs = space.microBatches(s)
            considered += mbs.count * search.optionCount(s) * (request.allowOffload ? 2 : 1)
            let floor = MemoryBudget.lowerBound(s, request: request)
            if floor > usable {
                smallestPeak = min(smallestPeak ?? floor, floor)
                continue
            }
            pairs += mbs.map { (i, $0) }
        }
        // Pass 1: one estimate per pair (no recomputation): a lower bound on all its options.
        let bounds = map(pairs) { search.bound(shapes[$0.shape], index: $0.shape, mb: $0.mb) }
        var evaluated = pairs.count
        let order = bounds.compactMap { $0 }.sorted {
            if $0.lowerBound.value != $1.lowerBound.value { return $0.lowerBound.value < $1.lowerBound.value }
            return ($0.shapeIndex, $0.microBatch) < ($1.shapeIndex, $1.microBatch)
        }
        // Pass 2: branch and bound over the pairs, fastest bound first. A pair whose bound
        // exceeds the k-th best fitting step time cannot enter the ranking; nor can the pairs
        // after it. A micro-batch that fits in no way rules out the shape's larger ones.
        let keep = max(request.top, refiner == nil ? 0 : refineCount)
        var bestTimes: [Double] = []
        var fitting: [PlannedLayout] = []
        var failedMB: [Int: Int] = [:]
        for b in order {
            if bestTimes.count >= keep, b.lowerBound.value > bestTimes[keep - 1] { break }
            if let failed = failedMB[b.shapeIndex], b.microBatch > failed { continue }
            let o = search.ladder(shapes[b.shapeIndex], b)
            evaluated += o.evaluated
            if let peak = o.smallestPeak { smallestPeak = min(smallestPeak ?? peak, peak) }
            if o.fitting.isEmpty {
                failedMB[b.shapeIndex] = min(failedMB[b.shapeIndex] ?? b.microBatch, b.microBatch)
                continue
            }
            fitting += o.fitting
            bestTimes = Array((bestTimes + o.fitting.map(\.stepTime.value)).sorted().prefix(keep))
        }
        guard !fitting.isEmpty else {
            throw PlanFailure.doesNotFit(request, smallestPeak: smallestPeak, planner: self)
        }
        fitting.sort(by: PlannedLayout.ranksBefore)
        var rankedBy = Self.name(of: estimator)
        if let refiner {
            let head = Array(fitting.prefix(keep))
            let repriced = head.compactMap { reprice($0, with: refiner, request: request) }.filter(\.fits)
            evaluated += head.count
            if !repriced.isEmpty {
                fitting = repriced.sorted(by: PlannedLayout.ranksBefore)
                rankedBy = "\(Self.name(of: refiner)) (re-ranked the best \(head.count) of \(Self.name(of: estimator)))"
            }
        }
        var notes: [String] = []
        if rejected.batchIndivisible > 0 {
            notes.append("\(rejected.batchIndivisible) grid shapes skipped: global batch \(request.globalBatch) is not a multiple of their dp ∈ {\(rejected.dpValues.prefix(8).map(String.init).joined(separator: ", "))\(rejected.dpValues.count > 8 ? ", …" : "")}")
        }
        return PlanRanking.result(request: request, sorted: fitting, candidatesEvaluated: evaluated,
                                  searchSpace: considered, rankedBy: rankedBy, notes: notes)
    }

    /// The best plan whose axes are pinned as in `constraints` (the planner still chooses
    /// everything left free), for comparisons with published layouts.
    public func best(_ request: PlanRequest, pinning constraints: LayoutConstraints) throws -> PlannedLayout {
        var r = request
        r.constraints = constraints
        r.top = 1
        guard let first = try plan(r).plans.first else {
            throw OrreryError.rule(field: "layout", rule: "no pinned layout fits")
        }
        return first.planned
    }

    /// `transform` over `items`, concurrently when allowed; results in input order.
    func map<T: Sendable, R: Sendable>(_ items: [T], _ transform: @Sendable (T) -> R?) -> [R?] {
        let slots = ResultSlots<R>(count: items.count)
        if concurrent && items.count > 1 {
            DispatchQueue.concurrentPerform(iterations: items.count) { i in slots.set(i, transform(items[i])) }
        } else {
            for (i, x) in items.enumerated() { slots.set(i, transform(x)) }
        }
        return slots.values
    }

    func reprice(_ p: PlannedLayout, with refiner: any StepEstimating, request: PlanRequest) -> PlannedLayout? {
        let config = TrainingConfig(model: request.model, layout: p.layout, seqLen: request.seqLen,
                                    precision: request.precision, optimizer: request.optimizer)
        guard let raw = try? refiner.estimate(config, on: request.cluster) else { return nil }
        var e = UnevenSplitAdjustment.apply(raw, split: p.split, model: request.model, seqLen: request.seqLen)
        if p.offloadOptimizer { e = OptimizerOffload.apply(e, config: config, cluster: request.cluster) }
        e.fits = MemoryBudget.fits(peak: e.memory.total, gpu: request.cluster.gpu, reserve: request.memoryReserve)
        var out = p
        out.estimate = e
        out.fits = e.fits
        return out
    }

    /// The estimator's type name, for "ranked by" lines.
    static func name(of estimator: any StepEstimating) -> String { String(describing: type(of: estimator)) }
}

/// One result slot per item, written from concurrent iterations (each index once).
private final class ResultSlots<R: Sendable>: @unchecked Sendable {
    private var slots: [R?]
    private let lock = NSLock()

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func set(_ i: Int, _ value: R?) {
        lock.lock()
        slots[i] = value
        lock.unlock()
    }

    var values: [R?] {
        lock.lock()
        defer { lock.unlock() }
        return slots
    }
}
