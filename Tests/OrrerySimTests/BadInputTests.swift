import OrreryCore
import Testing
@testable import OrrerySim

/// Layouts a schedule cannot run give `OrreryError`s that name the fix, never a trap.
struct ScheduleBadInputTests {
    func message(_ body: () throws -> Void) -> String? {
        do { try body(); return nil } catch let e as OrreryError { return e.description } catch { return "\(error)" }
    }

    @Test func interleavedNeedsMultipleOfStages() {
        let (config, cluster) = Synthetic.config(layers: 8, pp: 4, vpp: 2, microBatches: 6)
        let m = message { _ = try Synthetic.simulation(schedule: .interleaved).run(config, on: cluster) }
        #expect(m?.contains("multiple of pp") == true, "\(m ?? "no error")")
    }

    @Test func interleavedNeedsDivisibleLayers() {
        let (config, cluster) = Synthetic.config(layers: 10, pp: 4, vpp: 2, microBatches: 8)
        let m = message { _ = try Synthetic.simulation(schedule: .interleaved).run(config, on: cluster) }
        #expect(m?.contains("do not divide") == true, "\(m ?? "no error")")
    }

    @Test func interleavedNeedsChunks() {
        let (config, cluster) = Synthetic.config(layers: 8, pp: 4, microBatches: 8)
        let m = message { _ = try Synthetic.simulation(schedule: .interleaved).run(config, on: cluster) }
        #expect(m?.contains("vpp >= 2") == true, "\(m ?? "no error")")
    }

    @Test func zeroBubbleNeedsEnoughMicroBatches() {
        let (config, cluster) = Synthetic.config(layers: 8, pp: 8, microBatches: 4)
        let m = message { _ = try Synthetic.simulation(schedule: .zeroBubbleH1).run(config, on: cluster) }
        #expect(m?.contains("at least as many micro-batches") == true, "\(m ?? "no error")")
    }

    @Test func oneChunkScheduleRejectsVirtualStages() {
        let (config, cluster) = Synthetic.config(layers: 8, pp: 4, vpp: 2, microBatches: 8)
        let m = message { _ = try Synthetic.simulation(schedule: .oneFOneB).run(config, on: cluster) }
        #expect(m?.contains("use --schedule interleaved") == true, "\(m ?? "no error")")
    }

    @Test func stragglerOutsideWorld() {
        let (config, cluster) = Synthetic.config(layers: 4, pp: 4, microBatches: 8)
        var faults = FaultModel()
        faults.slowdown = [99: 2]
        let m = message { _ = try Synthetic.simulation(schedule: .oneFOneB, faults: faults).run(config, on: cluster) }
        #expect(m?.contains("0..<4") == true, "\(m ?? "no error")")
    }

    @Test(arguments: ["gauss(1,2)", "uniform(2,1)", "normal(1)", "-3", "lognormal(0,-1)"])
    func badDistributions(text: String) {
        #expect(throws: OrreryError.self) { _ = try SlowdownDistribution.parse(text) }
    }

    @Test func unknownSchedule() {
        #expect(throws: OrreryError.self) { _ = try ScheduleKind.parse("pipedream") }
    }

    /// An explicit uneven split (first and last stages hold the embedding and the logits,
    /// so fewer layers) must cover the model.
    @Test func layerSplitMustCoverModel() throws {
        #expect(throws: OrreryError.self) { _ = try StepWorkPricer.layerSplit(layers: 10, stages: 4, explicit: [2, 3, 3, 1]) }
        #expect(try StepWorkPricer.layerSplit(layers: 10, stages: 4, explicit: [2, 3, 3, 2]) == [2, 3, 3, 2])
    }
}
