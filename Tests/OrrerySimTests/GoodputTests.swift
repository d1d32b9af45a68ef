import OrreryCore
import Testing
@testable import OrrerySim

/// Goodput of a long run against hand-counted timelines: steps of 1 s, a checkpoint every
/// 100 steps costing 10 s (cycles of 110 s).
struct GoodputTests {
    func run(duration: Double, failAt: [Double] = []) throws -> GoodputSimulation.Report {
        var g = GoodputSimulation(stepTime: Seconds(1), duration: Seconds(duration), checkpointEvery: 100,
                                  checkpointWrite: Seconds(10), restore: Seconds(10), gpus: 8)
        g.detection = Seconds(60)
        g.restart = Seconds(30)
        g.failAt = failAt.map { Seconds($0) }
        return try g.run()
    }

    /// 3,590.5 s = 32 cycles (3,520 s, 3,200 steps) + 70 steps.
    @Test func checkpointsOnly() throws {
        let r = try run(duration: 3590.5)
        #expect(r.stepsKept == 3270)
        #expect(r.checkpoints == 32)
        #expect(abs(r.goodput - 3270 / 3590.5) < 1e-12)
    }

    /// A failure at 1,000.5 s: 9 cycles kept (900 steps), the 10 steps since the checkpoint
    /// at 990 s lost; down for 60 + 30 + 10 s; from 1,100.5 s, 22 cycles (2,200 steps, to
    /// 3,520.5 s) and 70 steps more, the last ending at 3,590.5 s.
    @Test func failureLosesWorkSinceCheckpoint() throws {
        let r = try run(duration: 3590.5, failAt: [1000.5])
        #expect(r.failures == 1)
        #expect(r.stepsLost == 10)
        #expect(r.lostWork == Seconds(10))
        #expect(r.downtime == Seconds(100))
        #expect(r.stepsKept == 900 + 2200 + 70)
    }

    /// Young's optimum interval √(2·δ·M): δ = 50 s, M = 10⁵ s → √10⁷ ≈ 3,162 s = 1,581 steps of 2 s.
    @Test func youngInterval() {
        #expect(CheckpointPolicy.youngInterval(write: Seconds(50), jobMTBF: Seconds(1e5), stepTime: Seconds(2)) == 1581)
    }

    /// Random failures at the job's rate gpus / MTBF: over many seeds the mean count
    /// approaches duration · gpus / MTBF (Poisson), here 100 h · 1000 / 20,000 h = 5, minus
    /// the outages' share of the run (failures only strike while up).
    @Test func randomFailureRate() throws {
        var total = 0
        for seed: UInt64 in 0..<200 {
            var g = GoodputSimulation(stepTime: Seconds(60), duration: Seconds(100 * 3600), checkpointEvery: 100,
                                      checkpointWrite: Seconds(1), restore: .zero, gpus: 1000)
            g.detection = .zero
            g.restart = .zero
            g.gpuMTBF = Seconds(20_000 * 3600)
            g.seed = seed
            total += try g.run().failures
        }
        let mean = Double(total) / 200
        #expect(abs(mean - 5) < 0.5, "mean \(mean) failures")
    }

    @Test func badInputsThrow() {
        #expect(throws: OrreryError.self) { try run(duration: -1) }
        #expect(throws: OrreryError.self) { try run(duration: 10, failAt: [-3]) }
    }
}
