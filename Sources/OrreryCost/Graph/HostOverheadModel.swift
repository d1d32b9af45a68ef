import OrreryCore

/// Host-side (CPU) cost of eager PyTorch issuing kernels, and the timeline that overlaps it
/// with GPU execution: the GPU runs kernels in order, each starting when both the previous
/// kernel has finished and the host has issued it. Small layers are host-bound, large ones
/// GPU-bound, and the same two-clock rule covers both.
///
/// The constants are fitted to the small-shape entries of the H100 calibration tables, where
/// one timed call is all host work: elapsed = event and launch latency (≈7.6 µs) + dispatch
/// + kernel (a few µs). Forward: `gelu` (one kernel) 22.2 µs and `silu·mul` (two) 36.3 µs at
/// 1024×1024 give 13 µs per elementwise op; GEMMs at 0.032–0.037 ms give 16–25 µs (22 with
/// `nn.Linear`'s module call); SDPA at 0.028–0.031 ms gives 18 µs. Backward (forward+backward
/// minus forward, averaged over 1024×1024, 4096×1024 and 1024×4096): 0.107 ms with 2
/// backward kernels (gelu, add), 0.16 with 4 (rmsnorm), 0.17 with 5 (layernorm, silu·mul) —
/// 66 µs for `backward()` to reach its first node plus 20 µs per backward kernel; SDPA's
/// backward node adds 75 µs (attention.csv small shapes: ≈0.20 ms beyond the forward with its
/// three gradient accumulations). `profiler/kernels.py` measures these on a user's machine
/// (`overhead.csv`).
public struct HostOverheadModel: Hashable, Sendable {
    /// Issuing one elementwise/norm kernel from Python.
    public var elementwiseDispatch = Seconds.microseconds(13)
    /// Issuing one GEMM through `nn.Linear` → cuBLAS.
    public var gemmDispatch = Seconds.microseconds(22)
    /// Issuing one `scaled_dot_product_attention` forward.
    public var attentionDispatch = Seconds.microseconds(18)
    /// Extra forward cost of recording an autograd node (training; the tables' forward
    /// entries ran under no_grad). Typical 1–3 µs ("From PyTorch op to kernel launch",
    /// jiahuanglin.xyz GPU-kernel lessons, lesson 18: autograd dispatch layer); 2 assumed.
    public var autogradRecording = Seconds.microseconds(2)
    /// From issuing a kernel to it starting on an idle GPU.
    public var launchLatency = Seconds.microseconds(5)
    /// `loss.backward()` until the autograd engine runs its first node.
    public var backwardCall = Seconds.microseconds(66)
    /// One backward kernel issued by the C++ autograd engine, its node's bookkeeping included.
    public var backwardDispatch = Seconds.microseconds(20)
    /// SDPA's backward node (its kernels included).
    public var attentionBackwardDispatch = Seconds.microseconds(75)
    /// `torch.utils.checkpoint` (non-reentrant) around one layer: saving RNG state and
    /// installing its saved-tensor hooks in forward; restoring them and re-entering the
    /// forward with unpack hooks before the recomputation in backward (assumed).
    public var checkpointForward = Seconds.microseconds(20)
    public var checkpointRecompute = Seconds.microseconds(60)
    /// The `AccumulateGrad` node that hands a parameter its gradient (no kernel when
    /// `.grad` is None; assumed).
    public var parameterGradientNode = Seconds.microseconds(4)

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
