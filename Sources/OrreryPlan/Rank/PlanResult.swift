import OrreryCore
import OrreryCost

/// The planner's answer: ranked plans, how many candidates were priced, and by what.
public struct PlanResult: Sendable {
    public var request: PlanRequest
    /// Best first; at most `request.top`.
    public var plans: [RankedPlan]
    /// Estimator calls made (main search plus refiner).
    public var candidatesEvaluated: Int
    /// Layouts the search space holds (priced, or pruned with a bound or by dominance).
    public var searchSpaceSize: Int
    /// Layouts that fit, before cutting to `top`.
    public var fittingCount: Int
    /// Which estimator produced the ranking.
    public var rankedBy: String
    /// Remarks about the search (shapes skipped and why).
    public var notes: [String]

    public var best: RankedPlan { plans[0] }
}

/// One row of the ranking.
public struct RankedPlan: Sendable {
    /// 1-based.
    public var rank: Int
    public var planned: PlannedLayout
    /// Why it loses to the first plan (nil for the first).
    public var explanation: PlanExplanation?
}

/// Sorting and cutting the fitting candidates into a `PlanResult`.
public enum PlanRanking {
    /// `sorted` must already be in `PlannedLayout.ranksBefore` order.
    static func result(request: PlanRequest, sorted: [PlannedLayout], candidatesEvaluated: Int, searchSpace: Int,
                       rankedBy: String, notes: [String]) -> PlanResult {
        let top = Array(sorted.prefix(request.top))
        let plans = top.enumerated().map { i, p in
            RankedPlan(rank: i + 1, planned: p,
                       explanation: i == 0 ? nil : PlanExplanation.versus(best: top[0], other: p, gpu: request.cluster.gpu,
                                                                           reserve: request.memoryReserve))
        }
        return PlanResult(request: request, plans: plans, candidatesEvaluated: candidatesEvaluated, searchSpaceSize: searchSpace,
                          fittingCount: sorted.count, rankedBy: rankedBy, notes: notes)
    }
}
