import OrreryCore

/// LoRA serving on one replica: adapters share the base model; at most `slots` adapters are
/// resident in GPU memory (vLLM `max_loras`, S-LoRA's unified pool reduced to a slot
/// count). A missing adapter is loaded from host memory over the host link, or from
/// storage, before its requests can run; loads are serialised on that link and the least
/// recently used adapter that no running sequence needs is evicted.
///
/// Adapter size: LoRA on the attention projections q, k, v, o (Hu et al. 2021, §7.1 applies
/// it to W_q, W_v; PEFT/S-LoRA commonly all four): per layer rank·(in + out) parameters for
/// each, i.e. rank·(2h + (h + kv) + (h + kv) + 2h) with kv = kv_heads·head_dim, 2 bytes each.
public struct AdapterCache: Sendable {
    public struct Config: Hashable, Sendable {
        public var adapters: AdapterSet
        /// GPU-resident adapters per replica.
        public var slots: Int
        /// Where adapters are loaded from.
        public var loadBandwidth: BytesPerSecond
        /// Fixed cost per load (allocation, copy launch, adapter registration; assumed 1 ms).
        public var loadLatency: Seconds
        /// Extra time per LoRA kernel launch group per layer (shrink + expand, SGMV/BGMV as
        /// in Punica, Chen et al. 2024; assumed 2 × 2.5 µs per layer when any adapter is in
        /// the batch).
        public var launchPerLayer: Seconds

        public init(adapters: AdapterSet, slots: Int, loadBandwidth: BytesPerSecond, loadLatency: Seconds = .milliseconds(1),
                    launchPerLayer: Seconds = .microseconds(5)) {
            self.adapters = adapters
            self.slots = slots
            self.loadBandwidth = loadBandwidth
            self.loadLatency = loadLatency
            self.launchPerLayer = launchPerLayer
        }
    }

    public let config: Config
    let bytes: [Double]
    /// Per adapter: ns at which it is resident (Int64.max = not resident / not loading).
    private(set) var readyAt: [Int64]
    private var lastUse: [Int64]
    /// Running sequences using each adapter.
    private(set) var pins: [Int32]
    private var resident: [Int] = []
    private var linkFreeAt: Int64 = 0
    public private(set) var loads = 0

    public init(config: Config, model: ModelArchitecture) {
        self.config = config
        let h = Double(model.hidden), kv = Double(model.kvHeads * model.headDim)
        bytes = config.adapters.adapters.map { Double($0.rank) * (2 * h + 2 * (h + kv) + 2 * h) * Double(model.layers) * 2 }
        readyAt = Array(repeating: .max, count: config.adapters.count)
        lastUse = Array(repeating: 0, count: config.adapters.count)
        pins = Array(repeating: 0, count: config.adapters.count)
    }

    /// Bytes of adapter `i`.
    public func adapterBytes(_ i: Int) -> Bytes { Bytes(bytes[i]) }

    /// Time to load adapter `i`: bytes / bandwidth + fixed latency.
    public func loadTime(_ i: Int) -> Seconds { Bytes(bytes[i]) / config.loadBandwidth + config.loadLatency }

    /// Whether adapter `i` is usable at `now`; starts a load (evicting an unpinned LRU
    /// adapter) when it is neither resident nor loading and a slot can be had. Returns the
    /// time it becomes ready, or nil when no slot can be freed now.
    public mutating func request(_ i: Int, now: Int64) -> Int64? {
        if readyAt[i] != .max { return readyAt[i] }
        if resident.count >= config.slots {
            var victim = -1
            for (k, a) in resident.enumerated() where pins[a] == 0 && readyAt[a] <= now {
                if victim < 0 || lastUse[a] < lastUse[resident[victim]] { victim = k }
            }
            guard victim >= 0 else { return nil }
            readyAt[resident[victim]] = .max
            resident.remove(at: victim)
        }
        let start = max(now, linkFreeAt)
        let done = start + SimInstant.nanoseconds(loadTime(i))
        linkFreeAt = done
        readyAt[i] = done
        resident.append(i)
        loads += 1
        return done
    }

    /// The earliest time a load in progress completes (a slot may then be freed), if any.
    func nextReady(after now: Int64) -> Int64? {
        resident.map { readyAt[$0] }.filter { $0 > now }.min()
    }

    mutating func pin(_ i: Int, now: Int64) { pins[i] += 1; lastUse[i] = now }
    mutating func unpin(_ i: Int, now: Int64) { pins[i] -= 1; lastUse[i] = now }

    /// Extra iteration time (seconds) for LoRA in a batch with `distinct` adapters and
    /// `tokens` LoRA tokens: the launch groups, each distinct adapter's weights read once
    /// from HBM, and the low-rank FLOPs at the dense bf16 peak.
    func batchOverhead(distinct: Int, bytesRead: Double, flops: Double, layers: Int, gpu: GPUSpec, gpus: Int) -> Double {
        guard distinct > 0 else { return 0 }
        let n = Double(max(gpus, 1))
        return config.launchPerLayer.value * Double(layers) + bytesRead / n / gpu.hbmBandwidth.value
            + flops / n / gpu.peak(.bf16).value
    }
}
