import Testing
import OrreryCore
@testable import OrreryCost

/// Group placement, flow-level sharing and size parsing, on hand-computed cases.
struct CommTopologyTests {
    @Test("Megatron order tp-cp-dp-pp: tp consecutive, dp strides tp·cp, pp strides tp·cp·dp (Megatron-Core RankGenerator)")
    func placement() {
        var layout = ParallelLayout()
        layout.tp = 8; layout.cp = 2; layout.dp = 4; layout.pp = 2
        let p = RankPlacement(layout: layout, gpusPerNode: 8)
        #expect(p.group(.tp) == Array(0..<8))
        #expect(p.group(.cp) == [0, 8])
        #expect(p.group(.dp) == [0, 16, 32, 48])
        #expect(p.group(.pp) == [0, 64])
        #expect(p.group(.dp, containing: 21) == [5, 21, 37, 53])
        #expect(p.commGroup(.tp) == CommGroup(ranks: 8, nodes: 1))
        #expect(p.commGroup(.dp) == CommGroup(ranks: 4, nodes: 4))
    }

    @Test("Expert parallel folds inside data parallel: ep ranks are consecutive dp ranks")
    func expertPlacement() {
        var layout = ParallelLayout()
        layout.tp = 2; layout.dp = 8; layout.ep = 4
        let p = RankPlacement(layout: layout, gpusPerNode: 8)
        #expect(p.group(.ep) == [0, 2, 4, 6])
        #expect(p.group(.ep, containing: 9) == [9, 11, 13, 15])
        #expect(p.commGroup(.ep) == CommGroup(ranks: 4, nodes: 1))
    }

    @Test("Max-min fairness: two flows on one link share it, a third on its own link is unaffected")
    func fairShare() {
        let links = FairShareLinks(capacities: [BytesPerSecond(10), BytesPerSecond(10)])
        let t = links.completionTimes([
            .init(bytes: Bytes(10), links: [0]),
            .init(bytes: Bytes(10), links: [0]),
            .init(bytes: Bytes(10), links: [1]),
        ])
        #expect(t.map(\.value) == [2, 2, 1])
    }

    @Test("A late flow slows the first only while both run: 10 B at 10 B/s, a second 5 B flow from t=0.5 s")
    func fairShareWithArrival() {
        let links = FairShareLinks(capacities: [BytesPerSecond(10)])
        let t = links.completionTimes([
            .init(bytes: Bytes(10), links: [0]),
            .init(bytes: Bytes(5), links: [0], start: Seconds(0.5)),
        ])
        // 0–0.5 s: flow 0 alone moves 5 B. Then both at 5 B/s: both have 5 B left → done at 1.5 s.
        #expect(abs(t[0].value - 1.5) < 1e-9)
        #expect(abs(t[1].value - 1.5) < 1e-9)
    }

    @Test("Progressive filling: a flow on two links is held by the tighter one and the other link's spare goes to its other flow")
    func progressiveFilling() {
        let links = FairShareLinks(capacities: [BytesPerSecond(4), BytesPerSecond(10)])
        let rates = links.fairRates(active: [0, 1, 2], flows: [
            .init(bytes: Bytes(1), links: [0, 1]),
            .init(bytes: Bytes(1), links: [0]),
            .init(bytes: Bytes(1), links: [1]),
        ])
        #expect(rates[0] == 2)
        #expect(rates[1] == 2)
        #expect(rates[2] == 8)
    }

    @Test("Concurrent collectives on one node's NICs take twice as long as one alone (large messages)")
    func concurrentCollectives() throws {
        let c = try ClusterCatalog.cluster(named: "dgx-h100", nodes: 4)
        let cc = ConcurrentCollectives(cluster: c)
        let call = ConcurrentCollectives.Call(op: .reduceScatter, bytes: Bytes(8 * 1_073_741_824.0), group: CommGroup(ranks: 4, nodes: 4))
        let alone = cc.finishTimes([call])[0].value
        let both = cc.finishTimes([call, call])
        #expect(abs(both[0].value / alone - 2) < 0.02)
        #expect(abs(alone - NCCLCollectiveModel().time(call.op, bytes: call.bytes, group: call.group, cluster: c).value) / alone < 1e-6)
    }

    @Test("Size sweeps as nccl-tests reads them", arguments: [
        ("1K..8K", [1024.0, 2048, 4096, 8192]),
        ("1M,64M", [1_048_576.0, 67_108_864]),
        ("512", [512.0]),
        ("1GiB", [1_073_741_824.0]),
    ])
    func sizes(text: String, expected: [Double]) throws {
        #expect(try MessageSizes.parse(text) == expected)
    }

    @Test("Bad sizes name the field", arguments: ["0", "-1M", "8G..1K", "abc", "1K..", "2T"])
    func badSizes(text: String) {
        #expect(throws: OrreryError.self) { try MessageSizes.parse(text) }
    }
}

/// ZeRO-3 / FSDP traffic in the closed-form step.
struct FullyShardedStepTests {
    static func step(zero: Int, globalBatch: Int) throws -> StepEstimate {
        let layout = ParallelLayout(tp: 1, pp: 1, dp: 64, zero: zero, microBatch: 1, globalBatch: globalBatch)
        let config = TrainingConfig(model: try ModelResolver.resolve("llama-3-8b"), layout: layout, seqLen: 2048)
        return try TrainingEstimator().estimate(config, on: try ClusterCatalog.cluster(named: "dgx-h100", nodes: 8))
    }

    @Test("ZeRO-3 gathers each layer's parameters again in every micro-batch's forward and backward (ZeRO §7.2.2, FSDP §3.3): never cheaper than ZeRO-1, and the exposed part grows with the micro-batches")
    func zero3Regathers() throws {
        let z1 = try Self.step(zero: 1, globalBatch: 512), z3 = try Self.step(zero: 3, globalBatch: 512)
        #expect(z3.time.dpComm >= z1.time.dpComm)
        #expect(z3.stepTime >= z1.stepTime)
        let z3Twice = try Self.step(zero: 3, globalBatch: 1024)
        #expect(z3Twice.time.dpComm.value >= 1.9 * z3.time.dpComm.value, "\(z3Twice.time.dpComm) vs \(z3.time.dpComm)")
    }
}
