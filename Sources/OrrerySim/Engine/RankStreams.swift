/// The rank groups the simulator runs, and their streams.
///
/// Ranks of one (data-parallel replica, pipeline stage) — its tp · cp GPUs — run in lock
/// step (their tensor- and context-parallel collectives synchronise them several times per
/// layer), so one group stands for them, at the pace of its slowest GPU and narrowest NIC.
/// Data-parallel replicas with no fault behave identically, so one representative stands
/// for all of them; each replica a fault touches is simulated on its own and meets the
/// others at every data-parallel collective, which waits for all of them.
///
/// Streams of a group (one CUDA stream each in Megatron-LM): compute, tensor-parallel,
/// context-parallel, pipeline sends forward and backward. Each pipeline stage has one
/// data-parallel stream shared by its replicas (the collective is one operation).
public struct RankStreams: Sendable {
    /// One simulated data-parallel replica (or the representative of several).
    public struct Replica: Hashable, Sendable {
        /// Data-parallel index it is (the lowest of those it stands for).
        public var dpIndex: Int
        /// How many data-parallel replicas it stands for.
        public var count: Int
        /// Per pipeline rank: compute slowdown (max over its tp · cp GPUs).
        public var slowdown: [Double]
        /// Per pipeline rank: NIC bandwidth fraction (min over its GPUs).
        public var link: [Double]
    }

    public var replicas: [Replica]
    public var pp: Int
    public var tp: Int
    public var cp: Int
    public var dp: Int

    public static let streamsPerGroup = 5
    enum Stream: Int { case compute = 0, tensorParallel, contextParallel, sendForward, sendBackward }

    /// Groups for a layout and the resolved per-rank faults.
    public init(tp: Int, cp: Int, dp: Int, pp: Int, compute: [Int: Double], link: [Int: Double]) {
        self.tp = tp
        self.cp = cp
        self.dp = dp
        self.pp = pp
        var slow: [Int: [Double]] = [:], nic: [Int: [Double]] = [:], listed: [Int: [Int]] = [:]
        let perReplicaStage = tp * cp
        let nominal = Array(repeating: 1.0, count: pp)
        for (rank, f) in compute {
            let d = (rank / perReplicaStage) % dp, s = rank / (perReplicaStage * dp)
            var row = slow[d] ?? Array(repeating: 0, count: pp)
            row[s] = max(row[s], f)
            slow[d] = row
            listed[d, default: Array(repeating: 0, count: pp)][s] += 1
        }
        // A group runs at its slowest GPU's pace; GPUs not listed run at 1.
        for (d, counts) in listed {
            for s in 0..<pp where counts[s] < perReplicaStage { slow[d]![s] = max(slow[d]![s], 1) }
        }
        for (rank, f) in link {
            let d = (rank / perReplicaStage) % dp, s = rank / (perReplicaStage * dp)
            nic[d, default: nominal][s] = min(nic[d]?[s] ?? 1, f)
        }
        let affected = Set(slow.keys).union(nic.keys).sorted()
        var list: [Replica] = []
        if affected.count < dp {
            let representative = (0..<dp).first { !affected.contains($0) }!
            list.append(Replica(dpIndex: representative, count: dp - affected.count, slowdown: nominal, link: nominal))
        }
        for d in affected {
            list.append(Replica(dpIndex: d, count: 1, slowdown: slow[d] ?? nominal, link: nic[d] ?? nominal))
        }
        replicas = list
    }

    public var groupCount: Int { replicas.count * pp }
    func owner(replica: Int, rank: Int) -> Int { replica * pp + rank }
    func stream(_ owner: Int, _ s: Stream) -> Int32 { Int32(owner * Self.streamsPerGroup + s.rawValue) }
    /// Data-parallel stream of pipeline rank `rank`.
    func dataParallelStream(_ rank: Int) -> Int32 { Int32(groupCount * Self.streamsPerGroup + rank) }
    var globalStream: Int32 { Int32(groupCount * Self.streamsPerGroup + pp) }
    var streamCount: Int { groupCount * Self.streamsPerGroup + pp + 1 }

    /// Global rank of tensor rank 0 of a group (Megatron order: tp, cp, dp, pp).
    public func firstRank(replica: Int, rank: Int) -> Int { tp * cp * (replicas[replica].dpIndex + dp * rank) }
}
