import Collections

/// Pending events ordered by `(time, priority, sequence)`: swift-collections' `Heap` is
/// unstable for equal keys, so the sequence number (issue order) breaks every tie and the
/// order is total and deterministic (SimPy `core.py` schedules `(time, priority, eid)`).
/// - Complexity: O(log n) insert and pop.
struct EventQueue<Payload>: Sendable where Payload: Sendable {
    struct Entry: Comparable, Sendable {
        var time: Int64
        var priority: Int32
        var sequence: UInt64
        var payload: Payload
        static func < (a: Entry, b: Entry) -> Bool {
            if a.time != b.time { return a.time < b.time }
            if a.priority != b.priority { return a.priority < b.priority }
            return a.sequence < b.sequence
        }
        static func == (a: Entry, b: Entry) -> Bool { a.time == b.time && a.priority == b.priority && a.sequence == b.sequence }
    }

    private var heap = Heap<Entry>()
    private var nextSequence: UInt64 = 0
    /// Events scheduled so far.
    var scheduled: UInt64 { nextSequence }

    init() {}

    var isEmpty: Bool { heap.isEmpty }
    var count: Int { heap.count }

    mutating func schedule(_ payload: Payload, at time: SimInstant, priority: Int32 = 0) {
        heap.insert(Entry(time: time.nanoseconds, priority: priority, sequence: nextSequence, payload: payload))
        nextSequence += 1
    }

    /// Removes and returns the earliest event.
    mutating func pop() -> (time: SimInstant, payload: Payload)? {
        guard let e = heap.popMin() else { return nil }
        return (SimInstant(nanoseconds: e.time), e.payload)
    }
}
