import Testing
import OrreryCore
@testable import OrreryServe

struct AdapterTests {
    /// Hand-computed for Llama-3.1-8B (h 4096, kv 8·128 = 1024, 32 layers), rank 16, on
    /// q, k, v, o: 16 · (2·4096 + 2·(4096 + 1024) + 2·4096) · 32 · 2 B = 27,262,976 B.
    @Test("Adapter bytes and load time: 27,262,976 B over the PCIe 5 catalog link + 1 ms")
    func sizes() throws {
        let set = AdapterSet.numbered(1, rank: 16)
        let pcie = try HardwareCatalog.link(named: "pcie5").bandwidthPerDirection
        let cache = AdapterCache(config: .init(adapters: set, slots: 1, loadBandwidth: pcie), model: Fixture.llama)
        #expect(cache.adapterBytes(0).value == 27_262_976)
        #expect(abs(cache.loadTime(0).value - (27_262_976 / pcie.value + 1e-3)) < 1e-12)
    }

    @Test("More adapters than slots: loads and evictions happen, all requests complete; one adapter loads once")
    func churn() throws {
        let pcie = try HardwareCatalog.link(named: "pcie5").bandwidthPerDirection
        func run(_ count: Int) throws -> ServingMetrics {
            let set = AdapterSet.numbered(count, rank: 16)
            let w = SyntheticWorkload(arrivals: .poisson(rate: 8), promptLength: .fixed(256), outputLength: .fixed(64), duration: Seconds(1e9),
                                      count: 300, adapterCount: count, adapterZipf: 0.5)
            let config = ReplicaConfig(profile: .vllm, lora: .init(adapters: set, slots: 4, loadBandwidth: pcie))
            return try Fixture.run(w.generate(seed: 2), config: config).1
        }
        let one = try run(1), many = try run(32)
        #expect(one.adapterLoads == 1)
        #expect(many.adapterLoads > 32)
        #expect(many.requestsCompleted == 300 && one.requestsCompleted == 300)
        #expect(many.ttft.mean > one.ttft.mean)
    }

    @Test("--adapters parses a count or a NAME[:RANK] list and rejects bad lists", arguments: ["a,a", "x:0", "-1", ":3"])
    func parse(bad: String) throws {
        #expect(try AdapterSet.parse("4", rank: 8).count == 4)
        #expect(try AdapterSet.parse("sql:32, chat", rank: 8).adapters == [LoRAAdapter(name: "sql", rank: 32), LoRAAdapter(name: "chat", rank: 8)])
        #expect(throws: OrreryError.self) { try AdapterSet.parse(bad, rank: 8) }
    }
}
