import OrreryCore

/// A serving deployment: identical replicas of one model on one GPU kind, their engine
/// configuration, the router, and optionally prefill/decode disaggregation.
public struct ServeDeployment: Sendable {
    public var hardware: ReplicaHardware
    public var replica: ReplicaConfig
    /// Replicas in all (with disaggregation: prefill + decode).
    public var replicas: Int
    public var router: RouterPolicy
    public var disaggregation: Disaggregation?
    public var seed: UInt64
    /// Iterations recorded for the Chrome trace (0 = none).
    public var traceIterationLimit: Int
    /// Interval of the KV-utilisation series (nil = 200 points over the run).
    public var kvSampleInterval: Seconds?

    public init(hardware: ReplicaHardware, replica: ReplicaConfig, replicas: Int = 1, router: RouterPolicy = .leastLoad,
                disaggregation: Disaggregation? = nil, seed: UInt64 = 0, traceIterationLimit: Int = 0,
                kvSampleInterval: Seconds? = nil) {
        self.hardware = hardware
        self.replica = replica
        self.replicas = disaggregation.map { $0.prefillReplicas + $0.decodeReplicas } ?? replicas
        self.router = router
        self.disaggregation = disaggregation
        self.seed = seed
        self.traceIterationLimit = traceIterationLimit
        self.kvSampleInterval = kvSampleInterval
    }

    /// KV blocks per replica.
    public var kvBlocksPerReplica: Int {
        let budget = replica.kvBudgetOverride ?? hardware.kvBudget(replica.profile)
        return hardware.kvBlocks(budget: budget, blockSize: replica.profile.blockSize)
    }

    /// Checks that the model fits and that every request fits in one replica's KV cache.
    /// - Throws: `OrreryError.rule` naming the request (its trace line when it has one).
    public func check(_ requests: [ServeRequest], file: String?) throws {
        let blocks = kvBlocksPerReplica
        let bs = replica.profile.blockSize
        let perGPU = hardware.weightBytes.value / Double(hardware.gpuCount)
        guard blocks > 0 else {
            throw OrreryError.rule(field: "--kv-budget", rule: String(format:
                "no KV cache fits: %@ needs %.1f GiB of weights per GPU on %@ (%.0f GiB) with tp·pp = %d; raise --tp or use a larger GPU",
                hardware.model.name, perGPU / 1_073_741_824, hardware.gpu.name, hardware.gpu.hbmBytes.gib, hardware.gpuCount))
        }
        let capacity = blocks * bs
        for r in requests {
            let need = (r.promptTokens + r.outputTokens + bs - 1) / bs
            if need > blocks {
                let place = r.sourceLine > 0 ? "\(file ?? "trace"):\(r.sourceLine)" : "request \(r.id) (from --prompt-len/--output-len)"
                throw OrreryError.rule(field: place, rule:
                    "the request needs \(r.promptTokens + r.outputTokens) tokens of KV cache but one replica holds \(capacity) (\(blocks) blocks of \(bs)); the KV budget is smaller than one request — raise --tp, --kv-budget-gib or shorten the request")
            }
        }
    }
}
