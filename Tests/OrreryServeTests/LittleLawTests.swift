import Testing
import OrreryCore
@testable import OrreryServe

/// Little's law (Little, "A Proof for the Queuing Formula L = λW", Operations Research
/// 9(3), 1961): in a stationary system the time-average number of requests present equals
/// the arrival rate times the mean time in the system.
struct LittleLawTests {
    @Test("L = λW over the middle half of a long run (4,000 requests, within 3 %)", arguments: [1, 2] as [UInt64])
    func windowed(seed: UInt64) throws {
        let reqs = Fixture.poisson(rate: 12, count: 4000, prompt: .uniform(low: 128, high: 1024), output: .uniform(low: 32, high: 256), seed: seed)
        let (run, m) = try Fixture.run(reqs, seed: seed)
        #expect(m.requestsCompleted == reqs.count)
        // Window [T/4, 3T/4] of the arrival span.
        let span = Double(reqs.last!.arrival.nanoseconds)
        let w0 = Int64(span / 4), w1 = Int64(3 * span / 4)
        // L: time-average of (arrived − finished) over the window, by sweeping events.
        var events: [(Int64, Int)] = []
        for (i, r) in reqs.enumerated() {
            events.append((r.arrival.nanoseconds, 1))
            events.append((run.log.finish[i], -1))
        }
        events.sort { $0.0 < $1.0 || ($0.0 == $1.0 && $0.1 < $1.1) }
        var n = 0, area = 0.0, last = w0
        for (t, d) in events {
            if t > w0 { area += Double(n) * Double(min(t, w1) - max(last, w0)); last = min(t, w1) }
            if t >= w1 { break }
            n += d
        }
        let L = area / Double(w1 - w0)
        // λ and W of the requests arriving in the window.
        let inWindow = reqs.indices.filter { reqs[$0].arrival.nanoseconds >= w0 && reqs[$0].arrival.nanoseconds < w1 }
        let lambda = Double(inWindow.count) / (Double(w1 - w0) / 1e9)
        let W = inWindow.map { Double(run.log.finish[$0] - reqs[$0].arrival.nanoseconds) / 1e9 }.reduce(0, +) / Double(inWindow.count)
        #expect(abs(L - lambda * W) / L < 0.03, "seed \(seed): L \(L) vs λW \(lambda * W)")
        // Over the whole run the simulator's own in-system counter integrates to Σ W exactly.
        #expect(abs(m.meanRequestsInSystem - m.littleLambdaW) / m.littleLambdaW < 1e-9)
    }
}
