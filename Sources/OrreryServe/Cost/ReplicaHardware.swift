import OrreryCore
import OrreryCost

/// One model replica: `tp × pp` GPUs of one kind running one copy of the model, and the
/// KV-cache capacity left after the weights.
public struct ReplicaHardware: Hashable, Sendable {
    public var model: ModelArchitecture
    public var cluster: ClusterSpec
    public var tp: Int
    public var pp: Int

    /// - Throws: `OrreryError.invalidValue` for tp or pp < 1, or a cluster from the catalog errors.
    public init(model: ModelArchitecture, gpu: GPUSpec, tp: Int, pp: Int = 1) throws {
        guard tp >= 1, tp <= 64 else { throw OrreryError.invalidValue(field: "--tp", value: "\(tp)", allowed: "an integer 1…64") }
        guard pp >= 1, pp <= 64, pp <= model.layers else {
            throw OrreryError.invalidValue(field: "--pp", value: "\(pp)", allowed: "an integer 1…min(64, layers = \(model.layers))")
        }
        guard model.heads % tp == 0 else {
            throw OrreryError.rule(field: "--tp", rule: "tp = \(tp) must divide the model's \(model.heads) attention heads")
        }
        self.model = model
        self.tp = tp
        self.pp = pp
        let gpus = tp * pp
        cluster = try ClusterCatalog.generic(gpu: gpu, numGPUs: gpus, gpusPerNode: min(8, gpus))
    }

    public var gpu: GPUSpec { cluster.gpu }
    public var gpuCount: Int { tp * pp }

    /// bf16 weights of the whole replica: 2 bytes per parameter.
    public var weightBytes: Bytes { Bytes(2 * Double(model.parameterCount)) }

    /// KV-cache bytes per token, whole replica: layers · 2 (K and V) · kv_heads · head_dim ·
    /// 2 bytes (bf16).
    public var kvBytesPerToken: Bytes { Bytes(Double(model.layers * 2 * model.kvHeads * model.headDim * 2)) }

    /// KV-cache memory under an engine profile: GPU memory × fraction − weights − the
    /// per-GPU reserve (never negative).
    public func kvBudget(_ profile: EngineProfile) -> Bytes {
        let usable = gpu.hbmBytes.value * Double(gpuCount) * profile.memoryFraction
        return Bytes(max(0, usable - weightBytes.value - profile.reservePerGPU.value * Double(gpuCount)))
    }

    /// KV blocks of `blockSize` tokens that fit in `budget`.
    public func kvBlocks(budget: Bytes, blockSize: Int) -> Int {
        Int(budget.value / (kvBytesPerToken.value * Double(blockSize)))
    }
}
