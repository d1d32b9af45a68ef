import Foundation
import OrreryCore

/// Checkpoint cost and interval for a long run when the user does not give them.
public enum CheckpointPolicy {
    /// Storage write (and read) bandwidth per GPU while checkpointing: assumed 1 GB/s per
    /// GPU (8 GB/s per 8-GPU node to a parallel file system); no published figure is used.
    public static let bandwidthPerGPU = BytesPerSecond.gbps(1)

    /// Time to write (or read) one GPU's shard: its weights and optimizer states.
    public static func transferTime(weights: Bytes, optimizerStates: Bytes) -> Seconds {
        (weights + optimizerStates) / bandwidthPerGPU
    }

    /// Young's first-order optimum interval √(2 · δ · M) (Young 1974, "A first order
    /// approximation to the optimum checkpoint interval", CACM 17(9)), in steps, for a
    /// checkpoint write δ and the job's mean time between failures M; at least 1 step.
    public static func youngInterval(write: Seconds, jobMTBF: Seconds, stepTime: Seconds) -> Int {
        guard stepTime.value > 0, jobMTBF.value.isFinite, jobMTBF.value > 0 else { return 1000 }
        let seconds = (2 * write.value * jobMTBF.value).squareRoot()
        return max(1, Int((seconds / stepTime.value).rounded()))
    }
}
