import OrreryCore

/// Host-side (CPU) cost of eager PyTorch issuing kernels, and the timeline that overlaps it
/// with GPU execution: the GPU runs kernels in order, each starting when both the previous
/// kernel has finished and the host has issued it. Small layers are host-bound, large ones
/// GPU-bound, and the same two-clock rule covers both.
///
/// Constants are read off the single-call floors of the H100 calibration tables (one call
/// timed with CUDA events = host dispatch + launch latency + kernel), less the launch
/// latency; per-node backward costs are assumptions for the C++ autograd engine.
/// `profiler/kernels.py` measures them on a user's machine (`overhead.csv`).
public struct HostOverheadModel: Hashable, Sendable {
    /// Issuing one elementwise/norm kernel from Python: elementwise.csv forward floor
    /// ≈ 0.022 ms less launch latency, event record (≈3 µs) and the kernel (≈2 µs).
    public var elementwiseDispatch = Seconds.microseconds(12)
    /// Issuing one GEMM (`nn.Linear` → cuBLAS): gemm.csv floor ≈ 0.030 ms less the same.
    public var gemmDispatch = Seconds.microseconds(19)
    /// Issuing one `scaled_dot_product_attention` forward: attention.csv floor ≈ 0.035 ms less the same.
    public var attentionDispatch = Seconds.microseconds(25)
    /// From issuing a kernel to it starting on an idle GPU.
    public var launchLatency = Seconds.microseconds(5)
    /// `loss.backward()` call until the autograd engine issues its first kernel
    /// (elementwise.csv: forward+backward of tiny ops ≈ 0.09 ms, less the forward).
    public var backwardCall = Seconds.microseconds(60)
    /// One backward kernel issued by the C++ autograd engine (assumed).
    public var backwardDispatch = Seconds.microseconds(5)
    /// SDPA backward dispatch (attention.csv: forward+backward flat at ≈0.33 ms for all small shapes).
    public var attentionBackwardDispatch = Seconds.microseconds(200)

    public init() {}

    /// Eager PyTorch on a server CPU, as measured with the H100 tables.
    public static let eagerPyTorch = HostOverheadModel()

    public func forwardDispatch(_ kind: OpKind) -> Seconds {
        switch kind {
        case .gemm: return gemmDispatch
        case .attention: return attentionDispatch
        default: return elementwiseDispatch
        }
    }

    public func backwardDispatch(_ kind: OpKind) -> Seconds {
        kind == .attention ? attentionBackwardDispatch : backwardDispatch
    }
}

/// Host and GPU clocks of one CUDA stream (seconds since the timed region began).
public struct StreamTimeline: Sendable {
    public private(set) var host: Seconds = .zero
    public private(set) var gpu: Seconds = .zero
    /// GPU seconds spent in kernels, one lane per `OpKind` (see `busyByKind`).
    private var busyLanes = SIMD8<Double>(repeating: 0)
    let launchLatency: Seconds

    public init(launchLatency: Seconds) { self.launchLatency = launchLatency }

    /// Issues one kernel.
    public mutating func run(_ k: KernelCall) {
        host += k.hostTime
        let start = max(gpu, host + launchLatency)
        gpu = start + k.gpuTime
        busyLanes[k.kind.lane] += k.gpuTime.value
    }

    public mutating func run(_ kernels: [KernelCall]) { for k in kernels { run(k) } }

    /// Issues the same kernel sequence `times` times. After three repetitions both clocks
    /// advance by the same amount per repetition (the stream is in steady state: host- or
    /// GPU-bound), so the rest are added in closed form.
    /// - Complexity: O(kernels), independent of `times`.
    public mutating func run(_ kernels: [KernelCall], times: Int) {
        guard times > 0 else { return }
        let simulated = min(times, 3)
        var before = self
        for i in 0..<simulated {
            if i == simulated - 1 { before = self }
            run(kernels)
        }
        let rest = Double(times - simulated)
        guard rest > 0 else { return }
        host += (host - before.host) * rest
        gpu += (gpu - before.gpu) * rest
        busyLanes += (busyLanes - before.busyLanes) * rest
    }

    /// Host-only work (the `backward()` call, optimizer bookkeeping).
    public mutating func hostWork(_ t: Seconds) { host += t }

    /// GPU time spent in kernels, by kind.
    public var busy: [OpKind: Seconds] {
        Dictionary(uniqueKeysWithValues: OpKind.allCases.map { ($0, Seconds(busyLanes[$0.lane])) })
    }

    /// Elapsed time of the region when the host waits for the GPU at its end.
    public var elapsed: Seconds { max(gpu, host) }
}
