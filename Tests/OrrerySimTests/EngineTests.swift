import OrreryCore
import Testing
@testable import OrrerySim

/// The event engine's primitives against closed forms.
struct EngineTests {
    static func graph(capacity: Double, streams: Int) -> TaskGraph {
        var graph = TaskGraph()
        graph.streams = Array(repeating: [], count: streams)
        graph.deferred = [[]]
        graph.deferredLimit = [0]
        graph.computeStream = [-1]
        graph.capacity = [capacity]
        return graph
    }

    /// Processor sharing (Kleinrock 1967): n flows that alone take tᵢ on one link finish,
    /// in order of size, at t₍₁₎·n, then t₍₁₎·n + (t₍₂₎ − t₍₁₎)·(n − 1), … .
    @Test(arguments: [([10, 10], [20, 20]), ([10, 5], [15, 10]), ([3, 6, 9], [9, 15, 18])])
    func flowsShareALink(solo: [Int64], finish: [Int64]) {
        var graph = Self.graph(capacity: 1, streams: solo.count)
        for (i, t) in solo.enumerated() {
            var task = SimTask(duration: t * 1_000_000, stream: Int32(i), owner: 0, stage: 0, microBatch: 0, unit: 0, chunk: 0,
                               kind: .gradientReduce, flags: SimTask.flow)
            (task.resourceStart, task.resourceCount) = graph.flowResources([0])
            _ = graph.add(task)
        }
        var engine = StepEngine(graph: graph)
        _ = engine.run()
        #expect(engine.end == finish.map { $0 * 1_000_000 })
    }

    /// A link at half bandwidth doubles a lone transfer.
    @Test func degradedLinkHalvesRate() {
        var graph = Self.graph(capacity: 0.5, streams: 1)
        var task = SimTask(duration: 7_000, stream: 0, owner: 0, stage: 0, microBatch: 0, unit: 0, chunk: 0, kind: .pipelineSend, flags: SimTask.flow)
        (task.resourceStart, task.resourceCount) = graph.flowResources([0])
        _ = graph.add(task)
        var engine = StepEngine(graph: graph)
        #expect(engine.run() == 14_000)
    }

    /// Ties in time are broken by insertion order (sequence number), so pops are total.
    @Test func eventQueueBreaksTiesBySequence() {
        var q = EventQueue<Int>()
        for i in 0..<100 { q.schedule(i, at: SimInstant(nanoseconds: Int64(i % 3))) }
        var popped: [Int] = []
        while let e = q.pop() { popped.append(e.payload) }
        let expected = (0..<100).sorted { ($0 % 3, $0) < ($1 % 3, $1) }
        #expect(popped == expected)
    }

    /// SplitMix64 reference outputs for seed 1234567 (Vigna's splitmix64.c test values).
    @Test func splitMixMatchesReference() {
        var g = SplitMix64(seed: 1234567)
        let expected: [UInt64] = [6457827717110365317, 3203168211198807973, 9817491932198370423, 4593380528125082431, 16408922859458223821]
        var got: [UInt64] = []
        for _ in 0..<5 { got.append(g.next()) }
        #expect(got == expected)
    }
}
