import OrreryCore

/// One collective's predicted cost, in nccl-tests' terms.
public struct CollectiveTiming: Hashable, Sendable {
    public var time: Seconds
    public var algorithm: CollectiveAlgorithm
    public var `protocol`: CollectiveProtocol
    /// `size / time` (nccl-tests `algbw`).
    public var algorithmBandwidth: BytesPerSecond
    /// `algbw ×` nccl-tests' bus factor (`busbw`).
    public var busBandwidth: BytesPerSecond

    public static let zero = CollectiveTiming(time: .zero, algorithm: .ring, protocol: .simple,
                                              algorithmBandwidth: .zero, busBandwidth: .zero)
}
