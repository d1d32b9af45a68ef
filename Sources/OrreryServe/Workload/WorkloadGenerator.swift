import Foundation
import OrreryCore

/// A synthetic workload: an arrival process and length distributions, optionally spreading
/// requests over LoRA adapters (Zipf-like popularity, S-LoRA §7's "power-law" setting) and
/// over shared-prefix groups.
public struct SyntheticWorkload: Hashable, Sendable {
    public var arrivals: ArrivalProcess
    public var promptLength: LengthDistribution
    public var outputLength: LengthDistribution
    public var duration: Seconds
    /// For `offline` arrivals: how many requests.
    public var count: Int?
    /// Adapters to spread requests over (0 = base model only) and the Zipf exponent of
    /// their popularity (0 = uniform).
    public var adapterCount: Int
    public var adapterZipf: Double
    /// Shared system-prompt groups (0 = none) and their length (tokens, ≤ prompt length).
    public var prefixGroups: Int
    public var prefixTokens: Int

    public init(arrivals: ArrivalProcess, promptLength: LengthDistribution, outputLength: LengthDistribution,
                duration: Seconds, count: Int? = nil, adapterCount: Int = 0, adapterZipf: Double = 1,
                prefixGroups: Int = 0, prefixTokens: Int = 0) {
        self.arrivals = arrivals
        self.promptLength = promptLength
        self.outputLength = outputLength
        self.duration = duration
        self.count = count
        self.adapterCount = adapterCount
        self.adapterZipf = adapterZipf
        self.prefixGroups = prefixGroups
        self.prefixTokens = prefixTokens
    }

    /// The requests, deterministic in `seed`.
    public func generate(seed: UInt64) -> [ServeRequest] {
        var rng = SplitMix64(seed: seed)
        let times = arrivals.arrivals(duration: duration, count: count, rng: &rng)
        var cumulative: [Double] = []
        if adapterCount > 0 {
            var total = 0.0
            for i in 0..<adapterCount { total += 1 / pow(Double(i + 1), adapterZipf); cumulative.append(total) }
            cumulative = cumulative.map { $0 / total }
        }
        var out: [ServeRequest] = []
        out.reserveCapacity(times.count)
        for (i, t) in times.enumerated() {
            var prompt = promptLength.sample(&rng)
            let output = outputLength.sample(&rng)
            var adapter: Int?
            if adapterCount > 0 {
                let u = rng.unit()
                var lo = 0, hi = adapterCount - 1
                while lo < hi { let mid = (lo + hi) / 2; if cumulative[mid] < u { lo = mid + 1 } else { hi = mid } }
                adapter = lo
            }
            var group: Int?
            var shared = 0
            if prefixGroups > 0 && prefixTokens > 0 {
                group = Int(rng.next() % UInt64(prefixGroups))
                prompt = max(prompt, prefixTokens + 1)
                shared = prefixTokens
            }
            out.append(ServeRequest(id: i, arrival: t, promptTokens: prompt, outputTokens: output, adapter: adapter,
                                    prefixGroup: group, prefixTokens: shared))
        }
        return out
    }
}
