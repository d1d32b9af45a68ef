import Foundation

/// Distribution of the gaps between consecutive tokens of a request (time between tokens,
/// TBT; the tail Sarathi-Serve bounds), kept as a log-bucketed histogram so an hour of
/// tokens costs a fixed 600 counters: bucket k holds gaps in [2^(k/16), 2^((k+1)/16)) µs,
/// so a percentile read from it (the bucket's upper edge) is at most 4.4 % high.
public struct TokenGapHistogram: Hashable, Sendable {
    static let perOctave = 16.0, bucketCount = 600
    public private(set) var counts = [Int](repeating: 0, count: bucketCount)
    public private(set) var total = 0
    private var lastGap: Int64 = -1
    private var lastIndex = 0

    public init() {}

    @inline(__always)
    mutating func add(gapNanoseconds gap: Int64, count: Int = 1) {
        if gap != lastGap {
            lastGap = gap
            let us = max(Double(gap) / 1e3, 1)
            lastIndex = min(Self.bucketCount - 1, Int(Self.perOctave * log2(us)))
        }
        counts[lastIndex] += count
        total += count
    }

    public mutating func merge(_ other: TokenGapHistogram) {
        for i in counts.indices { counts[i] += other.counts[i] }
        total += other.total
    }

    /// The p-quantile (0…1) in milliseconds (upper edge of its bucket); 0 when empty.
    public func quantileMilliseconds(_ p: Double) -> Double {
        guard total > 0 else { return 0 }
        let target = max(1, Int((p * Double(total)).rounded(.up)))
        var seen = 0
        for (k, c) in counts.enumerated() {
            seen += c
            if seen >= target { return pow(2, Double(k + 1) / Self.perOctave) / 1e3 }
        }
        return pow(2, Double(Self.bucketCount) / Self.perOctave) / 1e3
    }
}
