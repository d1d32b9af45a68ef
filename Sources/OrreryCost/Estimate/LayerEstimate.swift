import OrreryCore

/// One transformer layer on one GPU (`scope=layer`): tensor-parallel shard emulated by
/// dividing heads and the MLP width, no communication.
public struct LayerEstimate: Hashable, Sendable {
    /// Forward pass, autograd recording, as timed with CUDA events around the call.
    public var forward: Seconds
    /// Forward plus `backward()` (with the recomputation the policy implies).
    public var forwardBackward: Seconds
    /// Activation bytes saved for backward (unique storages, parameters excluded).
    public var activationBytes: Bytes
    /// Parameters, their gradients, saved activations and the largest transient.
    public var peakMemory: Bytes
    public var fits: Bool
    /// FLOPs executed in forward + backward (recomputation included).
    public var executedFLOPs: FLOPs
    /// GPU busy time by operator kind over forward + backward.
    public var busyByKind: [OpKind: Seconds]
    public var kernelSource: String
}

/// A single-GPU inference pass (`scope=prefill|decode`).
public struct InferenceEstimate: Hashable, Sendable {
    public var latency: Seconds
    /// New tokens per second on the replica.
    public var tokensPerSecond: Double
    /// Weights, KV cache and the pass's transient activations.
    public var peakMemory: Bytes
    public var memory: MemoryBreakdown
    public var fits: Bool
    public var forwardFLOPs: FLOPs
    public var busyByKind: [OpKind: Seconds]
    public var kernelSource: String
}
