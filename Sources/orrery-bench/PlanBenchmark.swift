import Foundation
import OrreryCore
import OrreryCost
import OrreryPlan

/// `plan`: the speed targets for `orrery plan` (release build): Llama-3-70B on
/// 1,024 H100 in under 1 s and Llama-3.1-405B on 16,384 H100 in under 5 s, with the number
/// of candidates evaluated; plus the cost of one closed-form estimate, measured here.
enum PlanBenchmark {
    static func run() {
        do {
            let h100 = try ClusterCatalog.cluster(named: "dgx-h100", nodes: 128)
            let model70 = try ModelResolver.resolve("llama-3-70b")
            // One estimate: Llama-3-70B, tp 8 pp 4 dp 32, 8K sequences.
            let config = TrainingConfig(model: model70, layout: ParallelLayout(tp: 8, pp: 4, dp: 32, sequenceParallel: true,
                                                                              microBatch: 1, globalBatch: 512), seqLen: 8192)
            let estimator = TrainingEstimator()
            _ = try estimator.estimate(config, on: h100)
            let calls = 200
            let (_, perCall) = try Stopwatch.time { for _ in 0..<calls { _ = try estimator.estimate(config, on: h100) } }
            print(String(format: "one TrainingEstimator.estimate (llama-3-70b, tp8 pp4 dp32): %.1f µs", perCall / Double(calls) * 1e6))

            let cases: [(String, String, Int, Int, Int)] = [
                ("llama-3-70b on 1,024 H100 (target < 1 s)", "llama-3-70b", 1024, 8192, 512),
                ("llama-3.1-405b on 16,384 H100 (target < 5 s)", "llama-3.1-405b", 16384, 8192, 2048),
            ]
            for (label, name, gpus, seq, batch) in cases {
                let model = try ModelResolver.resolve(name)
                let cluster = try ClusterCatalog.cluster(named: "dgx-h100", nodes: gpus / 8)
                let request = PlanRequest(model: model, cluster: cluster, seqLen: seq, globalBatch: batch)
                let space = LayoutSearchSpace(request)
                let shapes = space.shapes().shapes
                let pairs = shapes.map { space.microBatches($0).count }.reduce(0, +)
                var byPP: [Int: Int] = [:]
                for sh in shapes { byPP[sh.pp, default: 0] += space.microBatches(sh).count }
                print("  shapes \(shapes.count), shape×mb pairs \(pairs), by pp \(byPP.sorted { $0.key < $1.key })")
                let (result, seconds) = try Stopwatch.time { try LayoutPlanner().plan(request) }
                let (_, serial) = try Stopwatch.time { try LayoutPlanner(concurrent: false).plan(request) }
                let b = result.best.planned
                print(String(format: "%@: %.3f s (%.3f s on one core), %d candidates evaluated of %d in the space, %d fit",
                             label, seconds, serial, result.candidatesEvaluated, result.searchSpaceSize, result.fittingCount))
                print("  best: tp \(b.layout.tp) pp \(b.layout.pp) dp \(b.layout.dp) cp \(b.layout.cp) vpp \(b.layout.vpp) zero \(b.layout.zero) "
                      + "recompute \(b.recomputeDescription) mb \(b.layout.microBatch) split \(b.split.layersPerStage.first!)…\(b.split.layersPerStage.last!)"
                      + String(format: "  step %.3f s  MFU %.1f%%  %.1f GiB", b.stepTime.value, 100 * b.estimate.mfu, b.peakMemory.gib))
            }

            print("Orrery's pick vs published layouts (both predicted by the same estimator):")
            let (rows, compareSeconds) = try Stopwatch.time { try PublishedLayoutComparison.run() }
            for r in rows { print("  " + r.summary) }
            print(String(format: "  (%d comparisons in %.2f s)", rows.count, compareSeconds))
        } catch {
            print("plan benchmark failed: \(error)")
        }
    }
}
