import Testing
import OrreryCore
import OrreryCost
@testable import OrreryPlan

struct LayoutPlannerTests {
    /// Law (exactness of the pruned search): the planner's best equals the fastest fitting
    /// option of an exhaustive sweep over every shape × micro-batch × recomputation × offload.
    /// GPT-3 1.3B on 4 H100 with 60 GiB held back, so memory forces recomputation/ZeRO choices.
    @Test func branchAndBoundMatchesExhaustiveSweep() throws {
        var r = try PlanFixtures.request("gpt3-1.3b", gpus: 4, seq: 2048, batch: 16, top: 3)
        r.memoryReserve = .gib(60)
        let result = try LayoutPlanner(concurrent: false).plan(r)
        let search = ShapeSearch(estimator: TrainingEstimator(), request: r)
        let space = LayoutSearchSpace(r)
        var best: PlannedLayout?
        for shape in space.shapes().shapes {
            for mb in space.microBatches(shape) {
                let full = shape.split.middle
                let keys = [0, -1] + (shape.vpp == 1 ? Array(1...full) : [full])
                for key in keys {
                    guard let e = search.estimate(shape, mb: mb, key: key) else { continue }
                    for offload in [false, true] {
                        let p = search.planned(shape, mb: mb, key: key, estimate: e, offload: offload)
                        if p.fits, best == nil || p.stepTime < best!.stepTime { best = p }
                    }
                }
            }
        }
        let exhaustive = try #require(best)
        #expect(result.best.planned.stepTime.isApproximatelyEqual(to: exhaustive.stepTime, relativeTolerance: 1e-12))
        #expect(result.candidatesEvaluated < result.searchSpaceSize)
    }

    /// Laws: plans are sorted by step time, all fit, and the output does not depend on
    /// whether the bound pass ran concurrently.
    @Test func rankingIsSortedFitsAndDeterministic() throws {
        let r = try PlanFixtures.request("llama-3-8b", gpus: 8, seq: 2048, batch: 32, top: 6)
        let a = try LayoutPlanner(concurrent: true).plan(r)
        let b = try LayoutPlanner(concurrent: false).plan(r)
        #expect(PlanReport(a).rows == PlanReport(b).rows)
        #expect(a.candidatesEvaluated == b.candidatesEvaluated)
        let times = a.plans.map(\.planned.stepTime.value)
        #expect(times == times.sorted())
        #expect(a.plans.allSatisfy { $0.planned.fits })
        #expect(a.plans.dropFirst().allSatisfy { $0.explanation != nil })
    }

    /// Law: pinning axes can only make the best plan slower (the free search contains it).
    @Test func pinnedSearchIsNeverFaster() throws {
        let r = try PlanFixtures.request("llama-3-8b", gpus: 8, seq: 2048, batch: 32, top: 1)
        let planner = LayoutPlanner(concurrent: false)
        let free = try planner.plan(r).best.planned
        let pinned = try planner.best(r, pinning: LayoutConstraints(tp: 8, pp: 1))
        #expect(pinned.layout.tp == 8 && pinned.layout.pp == 1 && pinned.layout.dp == 1)
        #expect(free.stepTime <= pinned.stepTime)
    }

    /// Every even-split shape the space yields passes the scenario rules (`LayoutValidation`),
    /// at every micro-batch it is searched with.
    @Test func searchSpacePassesLayoutValidation() throws {
        let r = try PlanFixtures.request("llama-3-8b", gpus: 16, seq: 4096, batch: 64)
        let space = LayoutSearchSpace(r)
        var checked = 0
        for shape in space.shapes().shapes where shape.split.isEven {
            for mb in space.microBatches(shape) {
                let layout = shape.layout(microBatch: mb, recompute: .full, recomputeLayers: nil, globalBatch: r.globalBatch)
                let s = Scenario(name: "t", model: r.model, cluster: r.cluster, layout: layout, seqLen: r.seqLen)
                #expect(LayoutValidation.violations(of: s).isEmpty, "\(layout)")
                checked += 1
            }
        }
        #expect(checked > 20)
    }

    /// A global batch no dp divides is explained: pinned tp 1, pp 1, cp 1 on 16 GPUs leaves
    /// dp = 16, and 7 sequences are not a multiple of it.
    @Test func indivisibleGlobalBatchIsExplained() throws {
        var r = try PlanFixtures.request("llama-3-8b", gpus: 16, seq: 2048, batch: 7)
        r.constraints = LayoutConstraints(tp: 1, pp: 1, cp: 1)
        #expect {
            try LayoutPlanner().plan(r)
        } throws: { error in
            "\(error)".contains("not a multiple of dp·micro_batch") && "\(error)".contains("{16}")
        }
    }

    /// Llama-3-8B (8.03e9 parameters) on one A10 (24 GB): even with offloaded optimizer
    /// states, weights + fp32 gradients take 6 B/param = 48.2 GB. The usable peak on one A10
    /// is (24e9 B − 0.9 GiB) / 1.08 ≈ 21.3e9 B, so fully sharded it needs ≥ 48.2/21.3 = 2.3
    /// GPUs (hand computed): the smallest cluster named must be at least 4 (power-of-two steps).
    @Test func modelThatFitsNowhereNamesTheSmallestCluster() throws {
        let r = PlanRequest(model: try ModelResolver.resolve("llama-3-8b"), cluster: try PlanFixtures.cluster(gpus: 1, gpu: "a10"),
                            seqLen: 1024, globalBatch: 8)
        do {
            _ = try LayoutPlanner().plan(r)
            Issue.record("expected a does-not-fit error")
        } catch let error as OrreryError {
            let text = error.description
            #expect(text.contains("does not fit on 1 a10"))
            let n = text.components(separatedBy: "smallest cluster that fits is ").dropFirst().first?
                .split(separator: " ").first.flatMap { Int($0) }
            let gpus = try #require(n)
            #expect(gpus >= 4 && gpus & (gpus - 1) == 0)
        }
    }

    @Test func badRequestValuesThrow() throws {
        var r = try PlanFixtures.request("llama-3-8b", gpus: 8, seq: 2048, batch: 32)
        r.top = 0
        #expect(throws: OrreryError.self) { try LayoutPlanner().plan(r) }
        r.top = 3
        r.constraints.zero = 5
        #expect(throws: OrreryError.self) { try LayoutPlanner().plan(r) }
    }

    /// A refiner re-ranks the best candidates and the result says which estimator ranked.
    @Test func refinerIsNamedInTheResult() throws {
        let r = try PlanFixtures.request("llama-3-8b", gpus: 8, seq: 2048, batch: 32, top: 2)
        let result = try LayoutPlanner(refiner: TrainingEstimator(), refineCount: 4, concurrent: false).plan(r)
        #expect(result.rankedBy.hasPrefix("TrainingEstimator (re-ranked the best"))
    }
}
