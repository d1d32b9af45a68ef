/// What a simulated task is, for the breakdown and the trace.
public enum TaskKind: UInt8, Sendable, CaseIterable {
    case forward, backward, recompute, weightGradient, tensorParallel, contextParallel
    case pipelineSend, gradientReduce, parameterGather, synchronisation, optimizer

    var name: String {
        switch self {
        case .forward: return "F"
        case .backward: return "B"
        case .recompute: return "recompute"
        case .weightGradient: return "W"
        case .tensorParallel: return "tp"
        case .contextParallel: return "cp"
        case .pipelineSend: return "pp send"
        case .gradientReduce: return "grad reduce"
        case .parameterGather: return "param gather"
        case .synchronisation: return "grad-norm sync"
        case .optimizer: return "optimizer"
        }
    }
}

/// One task of the step's dependency graph: a fixed-length piece of work on one stream,
/// or (`isFlow`) a transfer whose length is its time alone on its links and which shares
/// those links with concurrent transfers.
struct SimTask {
    /// Nanoseconds (for a flow: alone on its links).
    var duration: Int64
    var stream: Int32
    /// Simulated rank group (`RankStreams` owner); -1 for a collective joining a stage's replicas.
    var owner: Int32
    /// Pipeline rank.
    var stage: Int32
    var microBatch: Int32
    /// Unit (embedding/layer/head) index in its virtual stage, or bucket index.
    var unit: Int32
    var chunk: Int16
    var kind: TaskKind
    var flags: UInt8
    /// Offset and count into `TaskGraph.resources` (flows only).
    var resourceStart: Int32 = 0
    var resourceCount: Int16 = 0

    static let opStart: UInt8 = 1
    static let deferred: UInt8 = 2
    static let flow: UInt8 = 4
    var isOpStart: Bool { flags & Self.opStart != 0 }
    var isDeferred: Bool { flags & Self.deferred != 0 }
    var isFlow: Bool { flags & Self.flow != 0 }
}

/// The step as a dependency graph: tasks, edges (as compressed successor lists), each
/// stream's program order, and the deferred weight-gradient queues of zero-bubble ranks.
struct TaskGraph {
    var tasks: [SimTask] = []
    var edgeFrom: [Int32] = []
    var edgeTo: [Int32] = []
    var resources: [Int32] = []
    /// Program order of each stream (FIFO).
    var streams: [[Int32]] = []
    /// Per owner: weight-gradient tasks a zero-bubble rank may run out of order, in order.
    var deferred: [[Int32]] = []
    /// Per owner: how many ready deferred tasks it may hold before running one first.
    var deferredLimit: [Int] = []
    /// Per owner: the compute stream.
    var computeStream: [Int32] = []
    /// NIC bandwidth fraction of each resource (a rank group's NIC).
    var capacity: [Double] = []

    mutating func add(_ t: SimTask, after deps: [Int32] = []) -> Int32 {
        let id = Int32(tasks.count)
        tasks.append(t)
        for d in deps where d >= 0 { edge(d, id) }
        if !t.isDeferred { streams[Int(t.stream)].append(id) }
        return id
    }

    mutating func edge(_ from: Int32, _ to: Int32) {
        edgeFrom.append(from)
        edgeTo.append(to)
    }

    mutating func flowResources(_ list: [Int32]) -> (Int32, Int16) {
        let start = Int32(resources.count)
        resources.append(contentsOf: list)
        return (start, Int16(list.count))
    }
}
