import Testing
import OrreryCore
@testable import OrreryServe

struct CapacityTests {
    @Test("Capacity search: the max rate meets the SLO and 15 % more does not; replicas needed for 3.5× is 4 or 5")
    func search() throws {
        let slo = ServiceLevelObjective(ttftMilliseconds: 200, tpotMilliseconds: 20, attainment: 0.9)
        let d = ServeDeployment(hardware: Fixture.hardware, replica: ReplicaConfig(profile: .vllm), seed: 1)
        let s = CapacitySearch(deployment: d, promptLength: .fixed(512), outputLength: .fixed(128), requestsPerProbe: 300, seed: 1,
                               criterion: CapacitySearch.meets(slo))
        let r = try s.maxRate(slo: slo)
        #expect(r.maxRate > 1)
        #expect((r.metricsAtMax?.sloAttainment ?? 0) >= 0.9)
        #expect((try s.probe(rate: r.maxRate * 1.15, slo: slo).sloAttainment ?? 1) < 0.9)
        let n = try s.replicasNeeded(targetRate: r.maxRate * 3.5, perReplica: r.maxRate, slo: slo)
        #expect(n == 4 || n == 5)
    }
}
