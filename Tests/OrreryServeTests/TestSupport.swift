import OrreryCore
@testable import OrreryServe

/// Shared fixtures: Llama-3.1-8B on one H100 (the published rows' setting).
enum Fixture {
    static let llama = try! ModelCatalog.model(named: "llama-3.1-8b")
    static let h100 = try! HardwareCatalog.gpu(named: "h100-sxm")
    static let hardware = try! ReplicaHardware(model: llama, gpu: h100, tp: 1)

    static func run(_ requests: [ServeRequest], config: ReplicaConfig = ReplicaConfig(profile: .vllm), replicas: Int = 1,
                    router: RouterPolicy = .leastLoad, disaggregation: Disaggregation? = nil, seed: UInt64 = 1,
                    slo: ServiceLevelObjective? = nil) throws -> (ServingRun, ServingMetrics) {
        let d = ServeDeployment(hardware: hardware, replica: config, replicas: replicas, router: router, disaggregation: disaggregation, seed: seed)
        let run = try ServingSimulator(deployment: d).run(requests)
        return (run, ServingMetrics(run, slo: slo))
    }

    static func poisson(rate: Double, count: Int, prompt: LengthDistribution = .fixed(512), output: LengthDistribution = .fixed(128),
                        seed: UInt64 = 1) -> [ServeRequest] {
        SyntheticWorkload(arrivals: .poisson(rate: rate), promptLength: prompt, outputLength: output, duration: Seconds(1e9), count: count)
            .generate(seed: seed)
    }
}
