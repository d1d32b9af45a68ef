import OrreryCore

/// What a GPU-hour budget buys: the compute, its compute-optimal split, and the wall-clock.
public struct TrainingBudgetPlan: Sendable, Hashable {
    public var gpuHours: Double
    public var gpuName: String
    public var numGPUs: Int
    /// Dense bf16 peak per GPU, FLOP/s (catalog).
    public var peakFLOPsPerGPU: Double
    /// Model FLOPs utilisation assumed (a fraction).
    public var mfu: Double
    /// Training compute the budget delivers: gpuHours · 3600 · peak · MFU, FLOPs.
    public var flops: Double
    public var allocation: ComputeOptimalAllocation
    /// Wall-clock to spend the budget on `numGPUs`: gpuHours / numGPUs, in days.
    public var wallClockDays: Double
}

/// Turns a GPU-hour budget on a cluster into a compute-optimal model size, token count and
/// training time, with an MFU the caller supplies.
///
/// C = H · 3600 s · peak_bf16 · MFU; (N*, D*) from `ChinchillaLaw.computeOptimal` (C = 6ND);
/// time = C / (G · peak · MFU) = H / G hours. The MFU is a parameter so the planner's
/// predicted MFU for a chosen layout (OrreryPlan) can be passed in; until that is wired, the
/// CLI uses `llama3MFU`.
public enum TrainingBudget {
    /// 0.38: Llama 3 405B pre-training on 16K H100s reached 38–43 % BF16 MFU (Llama Team,
    /// "The Llama 3 Herd of Models", arXiv 2407.21783, Table 4); the low end is used.
    public static let llama3MFU = 0.38

    public static func plan(gpuHours: Double, gpu: GPUSpec, numGPUs: Int, mfu: Double,
                            law: ChinchillaLaw = .epochRefit) throws -> TrainingBudgetPlan {
        guard gpuHours > 0, gpuHours.isFinite else {
            throw OrreryError.invalidValue(field: "--gpu-hours", value: "\(gpuHours)", allowed: "a positive number of GPU-hours")
        }
        guard numGPUs > 0 else {
            throw OrreryError.invalidValue(field: "--num-gpus", value: "\(numGPUs)", allowed: "a positive GPU count")
        }
        guard mfu > 0, mfu <= 1, mfu.isFinite else {
            throw OrreryError.invalidValue(field: "--mfu", value: "\(mfu)", allowed: "a fraction in (0, 1], e.g. 0.38")
        }
        let peak = gpu.peak(.bf16).value
        guard peak > 0 else {
            throw OrreryError.invalidValue(field: "--gpu", value: gpu.name, allowed: "a GPU with a bf16 (or fallback) peak in the catalog")
        }
        let flops = gpuHours * 3600 * peak * mfu
        let allocation = law.computeOptimal(flops: flops)
        let seconds = flops / (Double(numGPUs) * peak * mfu)
        return TrainingBudgetPlan(gpuHours: gpuHours, gpuName: gpu.name, numGPUs: numGPUs, peakFLOPsPerGPU: peak, mfu: mfu,
                                  flops: flops, allocation: allocation, wallClockDays: seconds / 86_400)
    }
}
