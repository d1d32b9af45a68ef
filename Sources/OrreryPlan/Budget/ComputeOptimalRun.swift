import OrreryCore
import OrreryCost
import OrreryLaws

/// A GPU-hour budget on a cluster turned into a run: the compute-optimal model size and
/// tokens (Chinchilla law), a Llama-style model of that size (`LlamaShape`), its best
/// layout (`LayoutPlanner`; by default as `orrery plan` runs it, simulator-refined), and
/// the wall-clock days at that layout's predicted speed.
///
/// The budget's FLOPs depend on the MFU, and the model (hence its layout and MFU) on the
/// FLOPs, so the two are iterated to a fixed point: start from Llama 3's 38 % MFU, plan,
/// take the plan's MFU, and repeat until it moves by less than 0.5 points (at most 5 rounds).
public struct ComputeOptimalRun: Sendable {
    public var budget: TrainingBudgetPlan
    public var model: ModelArchitecture
    public var plan: PlanResult
    /// The planned layout's MFU (Megatron FLOP count over the GPU's dense bf16 peak).
    public var plannedMFU: Double
    /// Days to train the budget's D* tokens at the planned layout's tokens/s.
    public var plannedDays: Double
    /// MFU after each round, starting with the assumed one.
    public var mfuHistory: [Double]

    public static func plan(gpuHours: Double, cluster: ClusterSpec, seqLen: Int, tokensPerStep: Int,
                            law: ChinchillaLaw = .epochRefit, planner: LayoutPlanner = .simulationRefined()) throws -> ComputeOptimalRun {
        guard seqLen > 0 else {
            throw OrreryError.invalidValue(field: "--seq-len", value: "\(seqLen)", allowed: "a positive number of tokens")
        }
        guard tokensPerStep >= seqLen else {
            throw OrreryError.invalidValue(field: "--global-batch-tokens", value: "\(tokensPerStep)",
                                           allowed: "at least one sequence of --seq-len \(seqLen) tokens")
        }
        var mfu = TrainingBudget.llama3MFU
        var history = [mfu]
        var last: ComputeOptimalRun?
        for _ in 0..<5 {
            let budget = try TrainingBudget.plan(gpuHours: gpuHours, gpu: cluster.gpu, numGPUs: cluster.totalGPUs, mfu: mfu, law: law)
            let n = budget.allocation.parameters
            guard LlamaShape.parameterRange.contains(n) else {
                throw OrreryError.invalidValue(field: "--gpu-hours", value: "\(gpuHours)",
                                               allowed: "a budget whose compute-optimal model has \(LlamaShape.rangeDescription) (this one: \(Int(n)))")
            }
            let model = try LlamaShape.architecture(parameters: n)
            let request = PlanRequest(model: model, cluster: cluster, seqLen: seqLen, globalBatch: max(1, tokensPerStep / seqLen), top: 3)
            let result = try planner.plan(request)
            let best = result.best.planned.estimate
            let days = budget.allocation.tokens / (best.tokensPerSecondPerGPU * Double(cluster.totalGPUs)) / 86_400
            last = ComputeOptimalRun(budget: budget, model: model, plan: result, plannedMFU: best.mfu, plannedDays: days,
                                     mfuHistory: history + [best.mfu])
            if abs(best.mfu - mfu) < 0.005 { break }
            mfu = min(1, max(0.01, best.mfu))
            history.append(mfu)
        }
        return last!
    }
}
