import OrreryCore

/// Flow-level bandwidth sharing: transfers that cross the same links progress at max-min
/// fair rates (progressive filling, Bertsekas & Gallager, "Data Networks", §6.5.2), and the
/// rates are recomputed whenever a transfer starts or finishes. This is how the simulator
/// prices collectives that overlap on a node's NICs or a GPU's NVLink.
public struct FairShareLinks: Sendable {
    /// One transfer: `bytes` to move over every link in `links`, starting at `start`.
    public struct Flow: Hashable, Sendable {
        public var bytes: Bytes
        public var links: [Int]
        public var start: Seconds
        public init(bytes: Bytes, links: [Int], start: Seconds = .zero) {
            self.bytes = bytes
            self.links = links
            self.start = start
        }
    }

    /// Per-direction capacity of each link, indexed by the flows' link numbers.
    public var capacities: [BytesPerSecond]

    public init(capacities: [BytesPerSecond]) {
        self.capacities = capacities
    }

    /// Completion time of each flow (same order as `flows`); a flow over no link or with no
    /// bytes finishes at its start; one over a zero-capacity link never does (∞).
    public func completionTimes(_ flows: [Flow]) -> [Seconds] {
        var remaining = flows.map { max(0, $0.bytes.value) }
        var done = [Double](repeating: .infinity, count: flows.count)
        var active = Set<Int>()
        var pending = flows.indices.sorted { (flows[$0].start.value, $0) < (flows[$1].start.value, $1) }
        var now = pending.first.map { flows[$0].start.value } ?? 0
        pending.reverse()
        func admit() {
            while let i = pending.last, flows[i].start.value <= now + 1e-15 {
                pending.removeLast()
                if remaining[i] <= 0 || flows[i].links.isEmpty { done[i] = max(now, flows[i].start.value) } else { active.insert(i) }
            }
        }
        admit()
        while !active.isEmpty || !pending.isEmpty {
            if active.isEmpty, let next = pending.last {
                now = flows[next].start.value
                admit()
                continue
            }
            let rate = fairRates(active: active, flows: flows)
            var dt = Double.infinity
            for i in active where rate[i, default: 0] > 0 { dt = min(dt, remaining[i] / rate[i]!) }
            if let next = pending.last { dt = min(dt, flows[next].start.value - now) }
            guard dt.isFinite else { break }  // only zero-rate flows left
            for i in active { remaining[i] -= rate[i, default: 0] * dt }
            now += dt
            for i in active where remaining[i] <= 1e-9 * max(1, flows[i].bytes.value) {
                done[i] = now
                active.remove(i)
            }
            admit()
        }
        return done.map { Seconds($0) }
    }

    /// Max-min fair rates of the active flows (bytes/s).
    func fairRates(active: Set<Int>, flows: [Flow]) -> [Int: Double] {
        var rate: [Int: Double] = [:]
        var left = capacities.map(\.value)
        var unfixed = active
        while !unfixed.isEmpty {
            var users = [Int](repeating: 0, count: left.count)
            for i in unfixed { for l in Set(flows[i].links) where l < users.count { users[l] += 1 } }
            var bottleneck = -1
            var share = Double.infinity
            for l in users.indices where users[l] > 0 {
                let s = max(0, left[l]) / Double(users[l])
                if s < share { share = s; bottleneck = l }
            }
            guard bottleneck >= 0 else { break }
            let fixed = unfixed.filter { Set(flows[$0].links).contains(bottleneck) }
            for i in fixed {
                rate[i] = share
                for l in Set(flows[i].links) where l < left.count { left[l] -= share }
                unfixed.remove(i)
            }
        }
        return rate
    }
}
