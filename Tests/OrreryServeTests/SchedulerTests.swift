import Testing
import OrreryCore
@testable import OrreryServe

struct SchedulerTests {
    @Test("Under KV pressure sequences are preempted and every request still completes, once (recompute and swap)",
          arguments: PreemptionMode.allCases)
    func preemption(mode: PreemptionMode) throws {
        var config = ReplicaConfig(profile: .vllm, preemption: mode)
        config.kvBudgetOverride = .gib(1)   // 8192 tokens for Llama-3.1-8B (128 KiB per token)
        let reqs = Fixture.poisson(rate: 50, count: 300, prompt: .fixed(400), output: .fixed(400))
        let (run, m) = try Fixture.run(reqs, config: config)
        #expect(m.preemptions > 0)
        #expect(m.requestsCompleted == 300)
        #expect(run.log.finish.allSatisfy { $0 > 0 })
        #expect(m.peakKVUtilization <= 1)
    }

    @Test("Chunked prefill lowers the tail time between tokens (Sarathi-Serve's stall-free batching, §3)")
    func chunkedPrefillCutsStalls() throws {
        let reqs = Fixture.poisson(rate: 6, count: 400, prompt: .fixed(3000), output: .fixed(200))
        var chunked = EngineProfile.vllm
        chunked.maxBatchedTokens = 512
        var whole = EngineProfile.vllm
        whole.chunkedPrefill = false
        let (_, a) = try Fixture.run(reqs, config: ReplicaConfig(profile: chunked))
        let (_, b) = try Fixture.run(reqs, config: ReplicaConfig(profile: whole))
        #expect(a.tbtP99Milliseconds < b.tbtP99Milliseconds * 0.7, "chunked \(a.tbtP99Milliseconds) vs whole \(b.tbtP99Milliseconds)")
    }

    @Test("Prefix caching reuses a shared system prompt: hits on all but the first request per group, lower TTFT")
    func prefixCaching() throws {
        let w = SyntheticWorkload(arrivals: .poisson(rate: 2), promptLength: .fixed(2100), outputLength: .fixed(20), duration: Seconds(1e9),
                                  count: 100, prefixGroups: 2, prefixTokens: 2048)
        let reqs = w.generate(seed: 5)
        let (_, on) = try Fixture.run(reqs, config: ReplicaConfig(profile: .vllm, prefixCaching: true))
        let (_, off) = try Fixture.run(reqs, config: ReplicaConfig(profile: .vllm))
        #expect(on.prefixHitRate! >= 0.95)
        #expect(on.ttft.mean < off.ttft.mean * 0.5, "on \(on.ttft.mean) off \(off.ttft.mean)")
    }

    @Test("Disaggregation: all requests complete on 1 prefill + 2 decode replicas; the KV hand-off is bytes / (link · tp) + latency")
    func disaggregation() throws {
        let link = try HardwareCatalog.link(named: "ib-ndr")
        let dis = Disaggregation(prefillReplicas: 1, decodeReplicas: 2, link: link)
        let reqs = Fixture.poisson(rate: 4, count: 200, prompt: .fixed(1024), output: .fixed(64))
        let (run, m) = try Fixture.run(reqs, disaggregation: dis)
        #expect(m.requestsCompleted == 200)
        #expect(run.replicas[0].role == .prefill && run.replicas[1].role == .decode)
        #expect(run.replicas[0].iterations > 0 && run.replicas[1].iterations > 0 && run.replicas[2].iterations > 0)
        // 1024 tokens × 131,072 B = 134,217,728 B over 50 GB/s (400 Gb/s NDR) + link latency.
        let t = dis.transferTime(tokens: 1024, hardware: Fixture.hardware)
        #expect(abs(t.value - (134_217_728 / 50e9 + link.latency.value)) < 1e-12)
    }

    @Test("Round robin spreads requests evenly; least-load keeps every replica busy")
    func routers() throws {
        let reqs = Fixture.poisson(rate: 20, count: 400, prompt: .fixed(256), output: .fixed(64))
        for policy in RouterPolicy.allCases {
            let (run, m) = try Fixture.run(reqs, replicas: 4, router: policy)
            #expect(m.requestsCompleted == 400)
            var perReplica = [Int](repeating: 0, count: 4)
            for r in run.log.replica { perReplica[Int(r)] += 1 }
            if policy == .roundRobin { #expect(perReplica == [100, 100, 100, 100]) }
            #expect(perReplica.min()! >= 60, "\(policy): \(perReplica)")
        }
    }

    @Test("Same inputs and seed, same metrics (speculative sampling included)")
    func determinism() throws {
        let spec = SpeculativeDecoding(drafter: .eagleHead, draftTokens: 3, acceptance: [0.6])
        let reqs = Fixture.poisson(rate: 10, count: 200)
        let a = try Fixture.run(reqs, config: ReplicaConfig(profile: .vllm, speculative: spec), seed: 3).1
        let b = try Fixture.run(reqs, config: ReplicaConfig(profile: .vllm, speculative: spec), seed: 3).1
        #expect(ServeReport.json(ServeReport.fields(a, engine: "vllm")) == ServeReport.json(ServeReport.fields(b, engine: "vllm")))
    }

    @Test("Weights that leave no KV cache refuse the deployment (Llama-3-70B bf16 on one 80 GB H100)")
    func weightsDoNotFit() throws {
        let big = try ModelCatalog.model(named: "llama-3-70b")
        let hw = try ReplicaHardware(model: big, gpu: Fixture.h100, tp: 1)
        let d = ServeDeployment(hardware: hw, replica: ReplicaConfig(profile: .vllm))
        #expect(throws: OrreryError.self) { try ServingSimulator(deployment: d).run(Fixture.poisson(rate: 1, count: 2)) }
    }
}
