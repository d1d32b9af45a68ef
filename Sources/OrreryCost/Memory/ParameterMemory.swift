import OrreryCore

/// Bytes per parameter held for weights, gradients and optimizer states under a precision
/// mode and optimizer, before any ZeRO sharding.
///
/// - `bf16`: bf16 weights and gradients; `torch.optim.AdamW` keeps its two moments in the
///   parameter dtype (bf16).
/// - `amp-bf16`: fp32 weights and gradients, fp32 AdamW moments (PyTorch AMP recipe).
/// - `bf16-mixed` / `fp8`: Megatron-LM — bf16 weights, fp32 main gradients
///   (`--accumulate-allreduce-grads-in-fp32`), fp32 master weights plus two fp32 moments
///   (Megatron-LM `docs/source/api-guide/dist_optimizer.md`: 6 + 12 bytes per parameter).
/// SGD keeps one momentum buffer (fp32 in the mixed modes, plus the master copy).
public struct ParameterMemory: Hashable, Sendable {
    public var weightBytes: Double
    public var gradientBytes: Double
    public var optimizerBytes: Double

    public init(precision: PrecisionMode, optimizer: OptimizerKind) {
        switch precision {
        case .bf16:
            weightBytes = 2; gradientBytes = 2
            optimizerBytes = optimizer == .adamw ? 4 : 2
        case .ampBF16:
            weightBytes = 4; gradientBytes = 4
            optimizerBytes = optimizer == .adamw ? 8 : 4
        case .bf16Mixed, .fp8:
            weightBytes = 2; gradientBytes = 4
            optimizerBytes = optimizer == .adamw ? 12 : 8
        }
    }

    /// Per-parameter bytes on one GPU after ZeRO stage `zero` over `dp` ranks.
    public func sharded(zero: Int, dp: Int) -> ParameterMemory {
        var m = self
        let d = Double(max(dp, 1))
        if zero >= 1 { m.optimizerBytes /= d }
        if zero >= 2 { m.gradientBytes /= d }
        if zero >= 3 { m.weightBytes /= d }
        return m
    }
}
