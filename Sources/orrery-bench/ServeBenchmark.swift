import Foundation
import OrreryCore
import OrreryServe

/// `serve`: one simulated hour of Llama-3.1-8B serving on H100s (vLLM profile, Poisson
/// arrivals at 10 requests/s per replica, ShareGPT-like lognormal lengths): one replica
/// (target under 1 s, ≥ 3,600× real time) and 100 replicas behind a least-load router
/// (target under 20 s). Times include generating the workload.
enum ServeBenchmark {
    static func hour(replicas: Int) -> (ServingMetrics, Double, Int)? {
        do {
            let model = try ModelCatalog.model(named: "llama-3.1-8b")
            let hw = try ReplicaHardware(model: model, gpu: try HardwareCatalog.gpu(named: "h100-sxm"), tp: 1)
            let d = ServeDeployment(hardware: hw, replica: ReplicaConfig(profile: .vllm), replicas: replicas, router: .leastLoad, seed: 1)
            let w = SyntheticWorkload(arrivals: .poisson(rate: 10 * Double(replicas)), promptLength: .lognormal(median: 400, sigma: 0.8),
                                      outputLength: .lognormal(median: 150, sigma: 0.8), duration: Seconds(3600))
            let ((m, n), wall) = try Stopwatch.time { () throws -> (ServingMetrics, Int) in
                let reqs = w.generate(seed: 1)
                return (ServingMetrics(try ServingSimulator(deployment: d).run(reqs)), reqs.count)
            }
            return (m, wall, n)
        } catch {
            print("error: \(error)")
            return nil
        }
    }

    static func run() {
        for replicas in [1, 100] {
            guard let (m, wall, n) = hour(replicas: replicas) else { return }
            print(String(format: "%3d replica(s), 1 simulated hour at %d req/s: %d requests, %d iterations, wall %.3f s, %.0fx real time (simulated %.0f s); TTFT p50 %.1f ms, TPOT p50 %.2f ms",
                         replicas, 10 * replicas, n, m.iterations, wall, m.simulatedSeconds / wall, m.simulatedSeconds, m.ttft.p50, m.tpot.p50))
        }
    }
}
