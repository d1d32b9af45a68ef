import Testing
@testable import OrreryServe

struct PagedKVCacheTests {
    @Test("A sequence of n tokens holds ⌈n / block⌉ blocks (vLLM PagedAttention)", arguments: [(1, 1), (16, 1), (17, 2), (1000, 63)])
    func blocks(tokens: Int, expected: Int) {
        #expect(PagedKVCache(blockSize: 16, totalBlocks: 100).blocks(forTokens: tokens) == expected)
    }

    @Test("Allocation fails without side effects when blocks run out; release returns them")
    func allocateRelease() {
        var kv = PagedKVCache(blockSize: 16, totalBlocks: 10)
        let first = kv.allocate(7), second = kv.allocate(4)
        #expect(first && !second)
        #expect(kv.available == 3)
        kv.release(7)
        #expect(kv.available == 10)
    }

    @Test("Prefix caching: a published prefix is shared, kept while idle, and evicted LRU when space is needed")
    func prefixes() {
        var kv = PagedKVCache(blockSize: 16, totalBlocks: 10)
        let placed = kv.allocate(4)                              // a sequence with a 40-token shared prefix + more
        let published = kv.publishPrefix(0, tokens: 40, now: 1)  // 2 full blocks move to the prefix cache
        let reused = kv.acquirePrefix(0, now: 2)                 // a second sequence reuses 32 tokens
        #expect(placed && published == 2 && reused == 32)
        kv.releasePrefix(0, now: 3)
        kv.releasePrefix(0, now: 4)
        kv.release(2)
        #expect(kv.used == 2 && kv.available == 10)               // idle prefix blocks count as available
        let all = kv.allocate(10)                                // forces eviction
        let after = kv.acquirePrefix(0, now: 5)
        #expect(all && after == 0)
    }
}
