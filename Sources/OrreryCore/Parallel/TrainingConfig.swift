/// Everything that defines one training (or inference) workload besides the hardware.
public struct TrainingConfig: Hashable, Sendable {
    public var model: ModelArchitecture
    public var layout: ParallelLayout
    /// Tokens per sequence.
    public var seqLen: Int
    public var precision: PrecisionMode
    public var optimizer: OptimizerKind

    public init(model: ModelArchitecture, layout: ParallelLayout, seqLen: Int,
                precision: PrecisionMode = .bf16Mixed, optimizer: OptimizerKind = .adamw) {
        self.model = model
        self.layout = layout
        self.seqLen = seqLen
        self.precision = precision
        self.optimizer = optimizer
    }

    /// Tokens processed per optimizer step.
    public var tokensPerStep: Int { layout.globalBatch * seqLen }
}
