import OrreryCore

/// What the user asks the planner: "how should I run this model on these GPUs?".
///
/// Sizes are per the batch-estimate contract (DESIGN.md): `globalBatch` counts sequences of
/// `seqLen` tokens per optimizer step.
public struct PlanRequest: Hashable, Sendable {
    public var model: ModelArchitecture
    public var cluster: ClusterSpec
    /// Tokens per sequence.
    public var seqLen: Int
    /// Sequences per optimizer step (fixed: the planner never changes the user's batch).
    public var globalBatch: Int
    public var precision: PrecisionMode
    public var optimizer: OptimizerKind
    /// How many ranked layouts to return.
    public var top: Int
    /// Memory kept free on every GPU on top of the estimator's own allowances (allocator
    /// fragmentation and the CUDA context, `TrainingEstimator.fits`).
    public var memoryReserve: Bytes
    /// Whether optimizer states may be moved to host memory when a layout does not fit
    /// otherwise (Angel-PTM / ZeRO-Offload / Megatron `--optimizer-cpu-offload`).
    public var allowOffload: Bool
    /// Axes the user pinned (`--tp 8`); nil = searched.
    public var constraints: LayoutConstraints

    public init(model: ModelArchitecture, cluster: ClusterSpec, seqLen: Int, globalBatch: Int,
                precision: PrecisionMode = .bf16Mixed, optimizer: OptimizerKind = .adamw, top: Int = 5,
                memoryReserve: Bytes = .zero, allowOffload: Bool = true, constraints: LayoutConstraints = LayoutConstraints()) {
        self.model = model
        self.cluster = cluster
        self.seqLen = seqLen
        self.globalBatch = globalBatch
        self.precision = precision
        self.optimizer = optimizer
        self.top = top
        self.memoryReserve = memoryReserve
        self.allowOffload = allowOffload
        self.constraints = constraints
    }

    /// Tokens per optimizer step.
    public var tokensPerStep: Int { globalBatch * seqLen }

    /// Checks the request's own values (not the layouts).
    /// - Throws: `OrreryError.invalidValue` naming the flag's field.
    public func validate() throws {
        for (value, field) in [(seqLen, "seq_len"), (globalBatch, "global_batch"), (top, "top"),
                               (cluster.totalGPUs, "num_gpus")] where value < 1 {
            throw OrreryError.invalidValue(field: field, value: "\(value)", allowed: "a positive integer")
        }
        if seqLen > ScenarioFile.maxInteger || globalBatch > ScenarioFile.maxInteger {
            throw OrreryError.invalidValue(field: seqLen > ScenarioFile.maxInteger ? "seq_len" : "global_batch",
                                           value: "\(max(seqLen, globalBatch))", allowed: "at most \(ScenarioFile.maxInteger)")
        }
        if top > 1000 {
            throw OrreryError.invalidValue(field: "top", value: "\(top)", allowed: "1 … 1000")
        }
        if !(memoryReserve.value >= 0) || memoryReserve >= cluster.gpu.hbmBytes {
            throw OrreryError.invalidValue(field: "memory_reserve_gib", value: "\(memoryReserve.gib)",
                                           allowed: "0 up to the GPU's \(Int(cluster.gpu.hbmBytes.gib)) GiB")
        }
        if model.family == .gpt, model.maxPositions > 0, seqLen > model.maxPositions {
            throw OrreryError.rule(field: "seq_len", rule: "seq_len = \(seqLen) exceeds max_positions = \(model.maxPositions) of \(model.name) (learned position table)")
        }
        if precision == .fp8, cluster.gpu.densePeak[.fp8] == nil {
            throw OrreryError.rule(field: "precision", rule: "precision = fp8 needs fp8 tensor cores; \(cluster.gpu.name) has none")
        }
        try constraints.validate()
    }
}

/// Layout axes fixed by the user; nil = searched.
public struct LayoutConstraints: Hashable, Sendable {
    public var tp: Int?
    public var pp: Int?
    public var cp: Int?
    public var ep: Int?
    public var vpp: Int?
    public var zero: Int?
    public var microBatch: Int?
    public var recompute: Recompute?

    public init(tp: Int? = nil, pp: Int? = nil, cp: Int? = nil, ep: Int? = nil, vpp: Int? = nil, zero: Int? = nil,
                microBatch: Int? = nil, recompute: Recompute? = nil) {
        self.tp = tp
        self.pp = pp
        self.cp = cp
        self.ep = ep
        self.vpp = vpp
        self.zero = zero
        self.microBatch = microBatch
        self.recompute = recompute
    }

    func validate() throws {
        for (value, field) in [(tp, "tp"), (pp, "pp"), (cp, "cp"), (ep, "ep"), (vpp, "vpp"), (microBatch, "micro_batch")] {
            if let value, value < 1 || value > ScenarioFile.maxInteger {
                throw OrreryError.invalidValue(field: field, value: "\(value)", allowed: "a positive integer")
            }
        }
        if let zero, !(0...3).contains(zero) {
            throw OrreryError.invalidValue(field: "zero", value: "\(zero)", allowed: "0, 1, 2 or 3")
        }
    }
}
