import OrreryCore
import OrreryCost
import Testing
@testable import OrrerySim

/// Pipeline timings against their closed forms, with communication free and every layer
/// F = 1 ms, B = 2 ms (so a stage of L layers takes L·3 ms per micro-batch).
struct PipelineBubbleTests {
    /// 1F1B (Narayanan et al. 2021 §2.2.1): step = (m + p − 1)·(F + B) per stage, bubble
    /// fraction (p − 1)/(m + p − 1).
    @Test(arguments: [(4, 8), (4, 16), (8, 32), (2, 3), (4, 2)])
    func oneFOneBBubbleFraction(p: Int, m: Int) throws {
        let layersPerStage = 2
        let (config, cluster) = Synthetic.config(layers: p * layersPerStage, pp: p, microBatches: m)
        let step = try Synthetic.simulation(schedule: .oneFOneB).run(config, on: cluster)
        let perMicroBatch = 3e-3 * Double(layersPerStage)
        #expect(step.stepTime.isApproximatelyEqual(to: Seconds(Double(m + p - 1) * perMicroBatch), relativeTolerance: 1e-9))
        let expected = Double(p - 1) / Double(m + p - 1)
        for g in step.groups {
            #expect(abs(g.breakdown.bubble / step.stepTime - expected) < 1e-9, "rank \(g.pipelineRank)")
        }
    }

    /// GPipe (Huang et al. 2019): the same bubble fraction (p − 1)/(m + p − 1).
    @Test(arguments: [(4, 8), (3, 5)])
    func gpipeBubbleFraction(p: Int, m: Int) throws {
        let (config, cluster) = Synthetic.config(layers: p, pp: p, microBatches: m)
        let step = try Synthetic.simulation(schedule: .gpipe).run(config, on: cluster)
        #expect(abs(step.breakdown.bubble / step.stepTime - Double(p - 1) / Double(m + p - 1)) < 1e-9)
    }

    /// Interleaved 1F1B with v chunks (Narayanan et al. 2021 §2.2.2): the bubble time is the
    /// 1F1B bubble divided by v: (p − 1)·(F + B)/v, F and B of the whole rank.
    @Test(arguments: [(4, 8, 2), (4, 16, 4), (2, 4, 3)])
    func interleavingDividesBubbleByV(p: Int, m: Int, v: Int) throws {
        let layersPerChunk = 1
        let (config, cluster) = Synthetic.config(layers: p * v * layersPerChunk, pp: p, vpp: v, microBatches: m)
        let step = try Synthetic.simulation(schedule: .interleaved).run(config, on: cluster)
        let perRank = 3e-3 * Double(v * layersPerChunk)
        let bubble = Double(p - 1) * perRank / Double(v)
        #expect(step.stepTime.isApproximatelyEqual(to: Seconds(Double(m) * perRank + bubble), relativeTolerance: 1e-9))
        #expect(step.breakdown.bubble.isApproximatelyEqual(to: Seconds(bubble), relativeTolerance: 1e-9))
        // ... and 1F1B on the same ranks (one chunk of v layers) has v times that bubble.
        let (flat, _) = Synthetic.config(layers: p * v * layersPerChunk, pp: p, microBatches: m)
        let oneF = try Synthetic.simulation(schedule: .oneFOneB).run(flat, on: cluster)
        let ratio: Double = oneF.breakdown.bubble.value / step.breakdown.bubble.value
        #expect(abs(ratio - Double(v)) < 1e-9 * Double(v))
    }

    /// ZB-H1 (Qi et al. 2023 §3.1) with F = B = W: bubble (p − 1)(F + B − W) instead of
    /// 1F1B's (p − 1)(F + B + W); step = m(F + B + W) + (p − 1)(F + B − W).
    @Test(arguments: [(4, 8), (4, 12), (3, 6)])
    func zeroBubbleH1Bubble(p: Int, m: Int) throws {
        let compute = FixedLayerTimes(forward: .milliseconds(1), backwardInput: .milliseconds(1), backwardWeight: .milliseconds(1))
        let (config, cluster) = Synthetic.config(layers: p, pp: p, microBatches: m)
        let zb = try Synthetic.simulation(compute, schedule: .zeroBubbleH1).run(config, on: cluster)
        #expect(zb.stepTime.isApproximatelyEqual(to: Seconds(Double(m) * 3e-3 + Double(p - 1) * 1e-3), relativeTolerance: 1e-9))
        let oneF = try Synthetic.simulation(compute, schedule: .oneFOneB).run(config, on: cluster)
        #expect(oneF.stepTime.isApproximatelyEqual(to: Seconds(Double(m + p - 1) * 3e-3), relativeTolerance: 1e-9))
    }
}
