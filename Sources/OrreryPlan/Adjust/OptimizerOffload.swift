import OrreryCore
import OrreryCost

/// CPU offload of the optimizer (Angel-PTM, Nie et al. 2023, arXiv 2303.02868; ZeRO-Offload,
/// Ren et al. 2021, arXiv 2101.06840; Megatron-Core `--optimizer-cpu-offload`): the fp32
/// master weights and both AdamW moments live in host memory and the optimizer step runs on
/// the CPU. The estimator does not model it; this adjusts its estimate:
///
/// - memory: `optimizerStates` leave the GPU (gradients and bf16 weights stay);
/// - time: the optimizer term is replaced by
///   `P·g / B_pcie` (gradients to the host) `+ P·w / B_pcie` (updated weights back)
///   `+ P·a / B_host` (the CPU AdamW pass), not overlapped with backward (conservative),
///   where P = parameters in this GPU's optimizer shard, g and w the gradient and weight
///   bytes per parameter, a the bytes AdamW touches per parameter (fp32: read g, p, m, v;
///   write p, m, v = 28 B; SGD with momentum 20 B), B_pcie the GPU's host-link bandwidth per
///   direction (catalog), B_host the host DRAM bandwidth per GPU.
public enum OptimizerOffload {
    /// Host DRAM bandwidth per GPU: a DGX H100 has two Xeon Platinum 8480C (NVIDIA DGX H100
    /// datasheet), each with 8 channels of DDR5-4800 (Intel ARK), 38.4 GB/s per channel
    /// (4800 MT/s × 8 B, JEDEC JESD79-5): 614.4 GB/s per node over 8 GPUs. Taken for every
    /// GPU kind, at the full theoretical rate: the CPU step's time is a lower bound.
    public static let hostMemoryBandwidthPerGPU = BytesPerSecond.gbps(614.4 / 8)

    /// Bytes the CPU optimizer reads and writes per parameter (see the type's comment).
    static func bytesTouched(_ optimizer: OptimizerKind) -> Double { optimizer == .adamw ? 28 : 20 }

    /// The estimate with the optimizer offloaded.
    public static func apply(_ e: StepEstimate, config: TrainingConfig, cluster: ClusterSpec) -> StepEstimate {
        let perParam = ParameterMemory(precision: config.precision, optimizer: config.optimizer)
        guard perParam.optimizerBytes > 0 else { return e }
        // `optimizerStates` is already this GPU's shard (ZeRO-sharded when zero ≥ 1).
        let shardParameters = e.memory.optimizerStates.value / perParam.optimizerBytes
        let pcie = (try? HardwareCatalog.link(named: cluster.gpu.hostLink).bandwidthPerDirection) ?? .gbps(32)
        let transfer = Bytes(shardParameters * (perParam.gradientBytes + perParam.weightBytes)) / pcie
        let cpuStep = Bytes(shardParameters * bytesTouched(config.optimizer)) / hostMemoryBandwidthPerGPU
        var out = e
        out.memory.optimizerStates = .zero
        out.time.optimizer = transfer + cpuStep
        return PlanAdjustment.retimed(out, from: e)
    }
}

/// Shared bookkeeping for estimate adjustments.
enum PlanAdjustment {
    /// Step time, tokens/s and MFU recomputed from the adjusted breakdown (they scale with
    /// 1 / step time: the step's tokens and model FLOPs do not change).
    static func retimed(_ adjusted: StepEstimate, from original: StepEstimate) -> StepEstimate {
        var out = adjusted
        out.stepTime = adjusted.time.total
        let ratio = original.stepTime.value / max(out.stepTime.value, 1e-30)
        out.tokensPerSecondPerGPU = original.tokensPerSecondPerGPU * ratio
        out.mfu = original.mfu * ratio
        return out
    }
}
