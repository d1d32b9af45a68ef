/// A workload description shared by every command (`--scenario file.yaml`): model,
/// cluster, parallel layout, batch, precision and, for serving, the request load.
public struct Scenario: Hashable, Sendable {
    public var name: String
    public var model: ModelArchitecture
    public var cluster: ClusterSpec
    public var layout: ParallelLayout
    public var seqLen: Int
    public var precision: PrecisionMode
    public var optimizer: OptimizerKind
    public var workload: WorkloadSpec

    public init(name: String, model: ModelArchitecture, cluster: ClusterSpec, layout: ParallelLayout,
                seqLen: Int, precision: PrecisionMode = .bf16Mixed, optimizer: OptimizerKind = .adamw,
                workload: WorkloadSpec = WorkloadSpec()) {
        self.name = name
        self.model = model
        self.cluster = cluster
        self.layout = layout
        self.seqLen = seqLen
        self.precision = precision
        self.optimizer = optimizer
        self.workload = workload
    }

    public var training: TrainingConfig {
        TrainingConfig(model: model, layout: layout, seqLen: seqLen, precision: precision, optimizer: optimizer)
    }
}

/// Optional workload section of a scenario. Training uses `trainingTokens` and
/// `dollarsPerGPUHour`; serving uses the request fields. Length distributions are strings
/// such as `512`, `uniform(128,1024)`, `lognormal(6.2,0.8)`, parsed by OrreryServe.
public struct WorkloadSpec: Hashable, Sendable, Codable {
    /// Tokens to train on, for days / GPU-hours estimates.
    public var trainingTokens: Double?
    public var dollarsPerGPUHour: Double?
    /// What to estimate: a training step, one layer, a prefill or a decode step.
    public var scope: EstimateScope?
    public var promptLen: String?
    public var outputLen: String?
    public var contextLen: Int?
    /// Tokens scored per sequence in one decode step (1 = plain decoding; q > 1 =
    /// speculative verification of q − 1 drafted tokens).
    public var tokensPerDecode: Int?
    /// Request arrival rate, requests per second.
    public var rateQPS: Double?
    public var durationS: Double?
    public var seed: Int?

    public init(trainingTokens: Double? = nil, dollarsPerGPUHour: Double? = nil, scope: EstimateScope? = nil,
                promptLen: String? = nil, outputLen: String? = nil, contextLen: Int? = nil, tokensPerDecode: Int? = nil,
                rateQPS: Double? = nil, durationS: Double? = nil, seed: Int? = nil) {
        self.trainingTokens = trainingTokens
        self.dollarsPerGPUHour = dollarsPerGPUHour
        self.scope = scope
        self.promptLen = promptLen
        self.outputLen = outputLen
        self.contextLen = contextLen
        self.tokensPerDecode = tokensPerDecode
        self.rateQPS = rateQPS
        self.durationS = durationS
        self.seed = seed
    }
}

/// What `orrery estimate` predicts for a scenario (DESIGN.md, batch-estimate contract).
public enum EstimateScope: String, Codable, Sendable, CaseIterable {
    /// One full training step (forward, backward, optimizer) of the whole model.
    case step
    /// One transformer layer on one GPU, tensor-parallel shard emulated, no communication.
    case layer
    /// One prefill forward pass of `micro_batch` prompts of `prompt_len` tokens.
    case prefill
    /// One decode step of `micro_batch` sequences at `context_len`, `q` tokens each.
    case decode
}
