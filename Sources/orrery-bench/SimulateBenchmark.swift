import Foundation
import OrreryCore
import OrreryCost
import OrrerySim

/// `simulate`: one training iteration of GPT-3 175B (Brown et al. 2020) on DGX H100 nodes,
/// tp 8, pp 16, micro-batch 1, 64 micro-batches per pipeline, 1F1B, sequence parallel,
/// ZeRO-1 — at dp 8 (1,024 GPUs; target < 1 s) and dp 128 (16,384 GPUs; target < 10 s),
/// symmetric and with every GPU's slowdown drawn (lognormal, σ = 0.05: every replica is
/// simulated on its own). Reports pricing and simulation time, tasks, events and
/// simulated events per second, all measured in this run.
enum SimulateBenchmark {
    static func config(dp: Int) throws -> (TrainingConfig, ClusterSpec) {
        let model = try ModelCatalog.model(named: "gpt3-175b")
        let layout = ParallelLayout(tp: 8, pp: 16, dp: dp, zero: 1, recompute: .selective, sequenceParallel: true,
                                    microBatch: 1, globalBatch: 64 * dp)
        let cluster = try ClusterCatalog.cluster(named: "dgx-h100", nodes: 8 * 16 * dp / 8)
        return (TrainingConfig(model: model, layout: layout, seqLen: 2048), cluster)
    }

    static func run() {
        for dp in [8, 128] {
            for faulty in [false, true] {
                do {
                    let (config, cluster) = try config(dp: dp)
                    var options = SimulationOptions(schedule: .oneFOneB)
                    if faulty {
                        options.faults.slowdownDistribution = .lognormal(mu: 0, sigma: 0.05)
                        options.faults.seed = 1
                    }
                    let pricer = StepWorkPricer()
                    let (_, pricing) = try Stopwatch.time { try pricer.price(config, on: cluster, options: options) }
                    let sim = TrainingStepSimulation(pricer: pricer, options: options)
                    let (step, total) = try Stopwatch.time { try sim.run(config, on: cluster) }
                    let simulate = max(total - pricing, 1e-9)
                    print(String(format: "%6d GPUs %@: step %.3f s simulated, %d rank groups, %d tasks, %d events; wall %.3f s (pricing %.3f s, simulation %.3f s), %.2f M events/s",
                                 config.layout.worldSize, faulty ? "every GPU drawn" : "symmetric      ", step.stepTime.value, step.groups.count,
                                 step.tasks, Int(step.events), total, pricing, simulate, Double(step.events) / simulate / 1e6))
                } catch {
                    print("dp \(dp): \(error)")
                }
            }
        }
    }
}
