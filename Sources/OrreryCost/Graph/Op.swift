import OrreryCore

/// What an operator is, for time breakdowns.
public enum OpKind: String, Sendable, CaseIterable {
    case gemm, attention, norm, elementwise, loss, embedding, optimizer
}

/// One kernel launch: its GPU time and the host (CPU) time eager PyTorch spends issuing it.
public struct KernelCall: Hashable, Sendable {
    public var name: String
    public var kind: OpKind
    public var flops: FLOPs
    /// Bytes read plus bytes written in HBM.
    public var bytes: Bytes
    public var gpuTime: Seconds
    public var hostTime: Seconds

    public init(name: String, kind: OpKind, flops: FLOPs = .zero, bytes: Bytes = .zero, gpuTime: Seconds, hostTime: Seconds) {
        self.name = name
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
