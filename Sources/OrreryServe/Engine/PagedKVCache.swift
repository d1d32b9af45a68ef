/// Block accounting of a paged KV cache (vLLM PagedAttention, Kwon et al., SOSP 2023): the
/// cache is `totalBlocks` fixed blocks of `blockSize` tokens; a sequence holds
/// ⌈tokens / blockSize⌉ blocks, so at most one partly filled block per sequence is wasted.
///
/// Prefix caching (vLLM automatic prefix caching, SGLang RadixAttention reduced to one
/// shared prefix per group): the full blocks of a group's shared prefix are kept after the
/// sequence that computed them, shared by later sequences of the group (reference
/// counted), and evicted least-recently-used when unreferenced and space is needed.
/// Blocks are counted, not named: the simulator needs how many are free, not which.
public struct PagedKVCache: Sendable {
    public let blockSize: Int
    public let totalBlocks: Int
    /// Blocks owned by sequences.
    public private(set) var sequenceBlocks = 0
    /// Blocks held by cached prefixes (referenced or idle).
    public private(set) var prefixBlocks = 0
    private var idlePrefixBlocks = 0

    struct PrefixEntry {
        var blocks: Int
        var references: Int
        var lastUse: Int64
    }
    private var prefixes: [Int: PrefixEntry] = [:]
    public private(set) var prefixHits = 0
    public private(set) var prefixLookups = 0

    public init(blockSize: Int, totalBlocks: Int) {
        self.blockSize = blockSize
        self.totalBlocks = totalBlocks
    }

    @inline(__always)
    public func blocks(forTokens n: Int) -> Int { (n + blockSize - 1) / blockSize }

    /// Blocks neither owned by a sequence nor held by a referenced prefix.
    @inline(__always)
    public var available: Int { totalBlocks - sequenceBlocks - prefixBlocks + idlePrefixBlocks }

    /// Blocks in use (sequences and cached prefixes), for utilisation.
    public var used: Int { sequenceBlocks + prefixBlocks }

    /// Takes `n` blocks for a sequence, evicting idle prefixes if needed; false (nothing
    /// taken) when they are not available.
    @inline(__always)
    public mutating func allocate(_ n: Int) -> Bool {
        guard n <= available else { return false }
        while totalBlocks - sequenceBlocks - prefixBlocks < n { evictOneIdlePrefix() }
        sequenceBlocks += n
        return true
    }

    @inline(__always)
    public mutating func release(_ n: Int) { sequenceBlocks -= n }

    /// Looks up group `g`'s cached prefix; on a hit references it and returns its tokens.
    public mutating func acquirePrefix(_ g: Int, now: Int64) -> Int {
        prefixLookups += 1
        guard var e = prefixes[g] else { return 0 }
        prefixHits += 1
        if e.references == 0 { idlePrefixBlocks -= e.blocks }
        e.references += 1
        e.lastUse = now
        prefixes[g] = e
        return e.blocks * blockSize
    }

    /// Hands `tokens` (rounded down to full blocks) of a sequence's own blocks to group `g`'s
    /// prefix cache, referenced by that sequence; returns the blocks handed over (0 if the
    /// group is already cached).
    public mutating func publishPrefix(_ g: Int, tokens: Int, now: Int64) -> Int {
        let n = tokens / blockSize
        guard n > 0, prefixes[g] == nil else { return 0 }
        prefixes[g] = PrefixEntry(blocks: n, references: 1, lastUse: now)
        sequenceBlocks -= n
        prefixBlocks += n
        return n
    }

    /// Drops one reference to group `g`'s prefix.
    public mutating func releasePrefix(_ g: Int, now: Int64) {
        guard var e = prefixes[g] else { return }
        e.references -= 1
        e.lastUse = now
        if e.references == 0 { idlePrefixBlocks += e.blocks }
        prefixes[g] = e
    }

    private mutating func evictOneIdlePrefix() {
        var victim: Int?
        var oldest = Int64.max
        for (g, e) in prefixes where e.references == 0 && (victim == nil || e.lastUse < oldest || (e.lastUse == oldest && g < victim!)) {
            victim = g
            oldest = e.lastUse
        }
        guard let victim, let e = prefixes.removeValue(forKey: victim) else { return }
        prefixBlocks -= e.blocks
        idlePrefixBlocks -= e.blocks
    }
}
