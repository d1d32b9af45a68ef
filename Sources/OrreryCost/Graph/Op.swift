import OrreryCore

/// What an operator is, for time breakdowns.
public enum OpKind: String, Sendable, CaseIterable {
    case gemm, attention, norm, elementwise, loss, embedding, optimizer

    /// Index of the kind in `OpKind.allCases` (a lane of the timeline's busy vector).
    var lane: Int {
        switch self {
        case .gemm: return 0
        case .attention: return 1
        case .norm: return 2
        case .elementwise: return 3
        case .loss: return 4
        case .embedding: return 5
        case .optimizer: return 6
        }
    }
}

/// Which of an operator's kernels a launch is.
public enum KernelPart: String, Hashable, Sendable {
    case forward, backward, dgrad, wgrad, biasGrad = "bias_grad", weightCast = "weight_cast", gradCast = "grad_cast"
    case cast, castGrad = "cast_grad", gradSum = "grad_sum", silu, mul, siluBackward = "silu_backward", mulBackward = "mul_backward"
}

/// One kernel launch: its GPU time and the host (CPU) time eager PyTorch spends issuing it.
public struct KernelCall: Hashable, Sendable {
    /// The operator's name (`attn.c_attn`); with `part`, the kernel's (`attn.c_attn.dgrad`).
    public var name: String
    public var part: KernelPart
    public var kind: OpKind
    public var flops: FLOPs
    /// Bytes read plus bytes written in HBM.
    public var bytes: Bytes
    public var gpuTime: Seconds
    public var hostTime: Seconds

    public init(name: String, part: KernelPart = .forward, kind: OpKind, flops: FLOPs = .zero, bytes: Bytes = .zero,
                gpuTime: Seconds, hostTime: Seconds) {
        self.name = name
        self.part = part
        self.kind = kind
        self.flops = flops
        self.bytes = bytes
        self.gpuTime = gpuTime
        self.hostTime = hostTime
    }
}

/// One operator of a layer's graph: its forward kernels, the kernels autograd runs for it in
/// backward, and the activation bytes it saves for backward (unique storages; parameters
/// are not counted).
public struct Op: Hashable, Sendable {
    public var name: String
    public var kind: OpKind
    public var forward: [KernelCall]
    public var backward: [KernelCall]
    public var savedBytes: Bytes
    /// Part of `savedBytes` that selective recomputation (Korthikanti et al. 2022: the
    /// attention core) drops and rebuilds in backward.
    public var selectiveRecomputeBytes: Bytes = .zero

    public init(name: String, kind: OpKind, forward: [KernelCall], backward: [KernelCall], savedBytes: Bytes = .zero) {
        self.name = name
        self.kind = kind
        self.forward = forward
        self.backward = backward
        self.savedBytes = savedBytes
    }

    public var forwardFLOPs: FLOPs { forward.map(\.flops).sum() }
    public var backwardFLOPs: FLOPs { backward.map(\.flops).sum() }
}
