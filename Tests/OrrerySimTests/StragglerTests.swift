import OrreryCore
import OrreryCost
import Testing
@testable import OrrerySim

/// A slow GPU's effect on the step, against pipeline math.
struct StragglerTests {
    /// GPipe runs a forward and then a backward flow line; m identical jobs through p
    /// stages of times tₛ finish at Σ tₛ + (m − 1)·max tₛ (deterministic flow shop), so
    /// one stage k times slower gives (p − 1 + k)(F + B) + (m − 1)·k·(F + B).
    @Test(arguments: [(4, 8, 0, 1.5), (4, 8, 3, 2.0), (3, 10, 1, 1.25)])
    func gpipeStragglerFollowsFlowLine(p: Int, m: Int, slowStage: Int, factor: Double) throws {
        let (config, cluster) = Synthetic.config(layers: p, pp: p, microBatches: m)
        var faults = FaultModel()
        faults.slowdown = [slowStage: factor]  // tp = dp = 1: global rank = pipeline rank
        let step = try Synthetic.simulation(schedule: .gpipe, faults: faults).run(config, on: cluster)
        let f = 1e-3, b = 2e-3
        let expected = (Double(p - 1) + factor) * (f + b) + Double(m - 1) * factor * (f + b)
        #expect(step.stepTime.isApproximatelyEqual(to: Seconds(expected), relativeTolerance: 1e-9))
    }

    /// 1F1B with stage s of p slowed k times: the slow stage sets the pace. It works m·k·t
    /// and cannot start before the s stages ahead of it have run a forward nor finish before
    /// they have run a backward, so step ≥ m·k·t + s·t; the p − 1 − s stages after it can
    /// delay it by at most one round trip, t each: step ≤ m·k·t + (p − 1)·t
    /// (t = F + B of one stage and micro-batch).
    @Test(arguments: [(4, 16, 2, 1.5), (4, 16, 0, 2.0), (8, 32, 5, 1.2)])
    func oneFOneBStragglerSetsPace(p: Int, m: Int, slowStage: Int, k: Double) throws {
        let (config, cluster) = Synthetic.config(layers: p, pp: p, microBatches: m)
        var faults = FaultModel()
        faults.slowdown = [slowStage: k]
        let step = try Synthetic.simulation(schedule: .oneFOneB, faults: faults).run(config, on: cluster)
        let t = 3e-3
        #expect(step.stepTime.value >= Double(m) * k * t + Double(slowStage) * t - 1e-9)
        #expect(step.stepTime.value <= Double(m) * k * t + Double(p - 1) * t + 1e-9)
    }

    /// Data parallelism synchronises replicas at the gradient all-reduce: one slow replica
    /// makes the whole step as slow as its own pipeline (GPipe flow line) plus the last
    /// bucket's all-reduce, and the simulator expands exactly that replica.
    @Test func slowReplicaDelaysEveryReplica() throws {
        let p = 2, m = 4, dp = 4, k = 2.0
        let (config, cluster) = Synthetic.config(layers: p, pp: p, dp: dp, microBatches: m)
        var faults = FaultModel()
        faults.slowdown = [3: k]  // tp 1: rank = dp_i + dp·pp_i, so rank 3 is replica 3 of stage 0
        let sim = Synthetic.simulation(collectives: FixedAllReduce(each: .milliseconds(0.5), ranks: dp), schedule: .gpipe, faults: faults)
        let step = try sim.run(config, on: cluster)
        #expect(step.groups.count == 2 * p)
        #expect(Set(step.groups.map(\.dpIndex)) == [0, 3])
        let slowPipeline = (Double(p - 1) + k) * 3e-3 + Double(m - 1) * k * 3e-3
        #expect(step.stepTime.isApproximatelyEqual(to: Seconds(slowPipeline + 0.5e-3), relativeTolerance: 1e-9))
    }

    /// Same inputs and seed → the same result and trace bytes; another seed → another draw.
    @Test func seededSlowdownsAreDeterministic() throws {
        let (config, cluster) = Synthetic.config(layers: 4, pp: 4, dp: 2, tp: 2, microBatches: 8)
        func run(seed: UInt64) throws -> SimulatedStep {
            var faults = FaultModel()
            faults.slowdownDistribution = .lognormal(mu: 0, sigma: 0.1)
            faults.seed = seed
            var sim = Synthetic.simulation(schedule: .oneFOneB, faults: faults)
            sim.options.recordTrace = true
            return try sim.run(config, on: cluster)
        }
        for seed: UInt64 in [1, 7, 42] {
            let a = try run(seed: seed), b = try run(seed: seed)
            #expect(a.stepTime == b.stepTime, "seed \(seed)")
            let ta = try ChromeTrace.render(a), tb = try ChromeTrace.render(b)
            #expect(ta == tb, "seed \(seed)")
        }
        let one = try run(seed: 1).stepTime, two = try run(seed: 2).stepTime
        #expect(one != two)
    }
}
