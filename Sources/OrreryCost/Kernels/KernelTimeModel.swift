import OrreryCore

/// GPU-side time of single kernels (no host launch overhead; see `HostOverheadModel`).
public protocol KernelTimeModel: Sendable {
    var gpu: GPUSpec { get }
    /// How times are obtained, for reports ("calibration table h100-sxm-80gb", "roofline").
    var source: String { get }
    /// `A[m,k] @ B[k,n]` in `dtype` (bf16 or fp8 tensor cores).
    func gemm(m: Int, n: Int, k: Int, dtype: ComputeDType) -> Seconds
    func attentionForward(_ shape: AttentionShape) -> Seconds
    func attentionBackward(_ shape: AttentionShape) -> Seconds
    /// A `rows × cols` elementwise / norm / loss kernel; `.memory` takes `cols` as bytes per row.
    func elementwiseForward(_ kind: ElementwiseKind, rows: Int, cols: Int) -> Seconds
    func elementwiseBackward(_ kind: ElementwiseKind, rows: Int, cols: Int) -> Seconds
}

extension KernelTimeModel {
    /// A bandwidth-bound kernel moving `bytes` (read + write).
    public func memoryKernel(bytes: Double) -> Seconds {
        bytes <= 0 ? .zero : elementwiseForward(.memory, rows: 1, cols: Int(bytes.rounded(.up)))
    }
}

/// The kernel model for a GPU: its shipped (or user-given) calibration table when it has
/// one, otherwise the roofline.
public enum KernelModels {
    public static func model(for gpu: GPUSpec, table: KernelTable? = nil) -> any KernelTimeModel {
        if let table { return CalibratedKernelModel(gpu: gpu, table: table) }
        if let name = gpu.kernelTable, let builtIn = KernelTable.builtIn(named: name) {
            return CalibratedKernelModel.cached(gpu: gpu, table: builtIn)
        }
        return RooflineKernelModel(gpu: gpu)
    }
}
