import Foundation
import OrreryCore

/// Collective cost after NCCL: for each algorithm and protocol the hardware allows, a latency
/// and a bandwidth; NCCL's own tuning model (`NCCLTuningConstants`, nominal link rates)
/// picks the pair, as NCCL does at run time; the time reported is that pair's on measured
/// link efficiencies (`LinkEfficiency`).
///
/// Bandwidth per algorithm (B_intra = per-GPU scale-up rate, B_net = the NIC bandwidth one
/// node gives the group, n ranks on N nodes, p per node):
/// - ring: every ring edge carries `size ×` the bus factor; bottleneck min(B_intra, B_net).
/// - tree (all-reduce, N > 1): each node sends and receives `2·size` over its NICs across
///   the two binary trees (`size` for N = 2, where the trees are a single edge); inside the
///   node a chain over NVLink carries `size`.
/// - NVLS (all-reduce, one NVSwitch gen-3 node): algbw = η_nvls·B_intra.
/// - NVLS-tree (N > 1): NVLS inside, tree across nodes.
/// - hierarchical (on request): ring reduce-scatter inside, ring all-reduce of `size/p`
///   across nodes on each rail, ring all-gather inside.
/// - all-to-all: the busiest of a GPU's NVLink (`size·(p−1)/n`) and a node's NICs
///   (`p·size·(n−p)/n`), concurrently. send/recv: one message over the pair's link.
///
/// Latency per NCCL's model (base + per-step hardware latency; link latency per network
/// step), plus `launchOverhead`.
public struct NCCLCollectiveModel: CollectiveCostModel {
    public var efficiency = LinkEfficiency()
    /// Host-side launch of one NCCL kernel as nccl-tests times it (cudaEvent around the
    /// call); 5 µs is the CUDA launch-latency class, and nccl-tests' 8 B all-reduce on one
    /// 8×H100 node takes 16–26 µs (AWS p5, Azure ND H100 v5) against NCCL's 15 µs model.
    public var launchOverhead = Seconds.microseconds(5)
    /// Measured time over NCCL's modelled latency. NCCL's tuner latencies only rank the
    /// algorithms; published 1–64 MiB nccl-tests runs sit about twice above them (fitted on
    /// `nccl_public.csv` ≥ 1 MiB: one factor for every system and op; busbw MAPE 22.8% at 1,
    /// 14.5% at 2, 15.1% at 2.5).
    public var latencyScale = 2.0
    /// Channels NCCL opens inside an NVSwitch node (ring LL128 cap = channels × per-channel cap).
    public var nvlinkChannels = 16

    public init() {}

    public func time(_ op: CollectiveOp, bytes: Bytes, group: CommGroup, cluster: ClusterSpec) -> Seconds {
        timing(op, bytes: bytes, group: group, cluster: cluster).time
    }

    /// The chosen algorithm and protocol, and the time of one call of `bytes` (nccl-tests
    /// `size` convention, see `CollectiveOp`); `algorithm` forces one.
    public func timing(_ op: CollectiveOp, bytes: Bytes, group: CommGroup, cluster: ClusterSpec,
                       algorithm forced: CollectiveAlgorithm? = nil) -> CollectiveTiming {
        guard group.ranks > 1, bytes.value > 0 else { return .zero }
        let place = CommunicatorPlacement(group: group, cluster: cluster)
        if place.nodes > 1, place.groupNICBandwidthPerNode.value <= 0 {
            return CollectiveTiming(time: Seconds(.infinity), algorithm: .ring, protocol: .simple,
                                    algorithmBandwidth: .zero, busBandwidth: .zero)
        }
        var candidates = self.candidates(op, place)
        if let forced { candidates = candidates.filter { $0.algorithm == forced } }
        if candidates.isEmpty, let forced { candidates = [Candidate(algorithm: forced, protocol: .simple)] }
        let s = bytes.value
        var best: (nominal: Double, c: Candidate)?
        for c in candidates {
            let nominal = latencyMicroseconds(op, c, place) * 1e-6 + s / nominalAlgorithmBandwidth(op, c, place)
            if best == nil || nominal < best!.nominal { best = (nominal, c) }
        }
        let c = best!.c
        let seconds = launchOverhead.value + latencyScale * latencyMicroseconds(op, c, place) * 1e-6
            + transferSeconds(op, s, c, place)
        let algbw = s / seconds
        return CollectiveTiming(time: Seconds(seconds), algorithm: c.algorithm, protocol: c.protocol,
                                algorithmBandwidth: BytesPerSecond(algbw),
                                busBandwidth: BytesPerSecond(algbw * op.busBandwidthFactor(ranks: place.ranks)))
    }

    /// The algorithms this op can use on this placement: NCCL's candidates, plus
    /// `hierarchical` for a multi-node all-reduce with several ranks per node.
    public func algorithms(_ op: CollectiveOp, group: CommGroup, cluster: ClusterSpec) -> [CollectiveAlgorithm] {
        let place = CommunicatorPlacement(group: group, cluster: cluster)
        var out: [CollectiveAlgorithm] = []
        for c in candidates(op, place) where !out.contains(c.algorithm) { out.append(c.algorithm) }
        if op == .allReduce, place.nodes > 1, place.ranksPerNode > 1 { out.append(.hierarchical) }
        return out
    }

    struct Candidate: Hashable {
        var algorithm: CollectiveAlgorithm
        var `protocol`: CollectiveProtocol
    }

    /// What NCCL would consider for this op on this placement.
    func candidates(_ op: CollectiveOp, _ p: CommunicatorPlacement) -> [Candidate] {
        let protocols: [CollectiveProtocol] = p.intraHardware == .nvlink ? [.ll, .ll128, .simple] : [.ll, .simple]
        switch op {
        case .allReduce:
            var c = protocols.map { Candidate(algorithm: .ring, protocol: $0) }
            if p.nodes > 1 { c += protocols.map { Candidate(algorithm: .tree, protocol: $0) } }
            if p.inNetworkReduction, p.ranksPerNode > 1 {
                c.append(Candidate(algorithm: p.nodes == 1 ? .nvls : .nvlsTree, protocol: .simple))
            }
            return c
        case .allGather, .reduceScatter, .broadcast:
            return protocols.map { Candidate(algorithm: .ring, protocol: $0) }
        case .allToAll, .sendRecv:
            return [Candidate(algorithm: .direct, protocol: .simple)]
        }
    }

    // MARK: Latency (NCCL's model)

    func latencyMicroseconds(_ op: CollectiveOp, _ c: Candidate, _ p: CommunicatorPlacement) -> Double {
        typealias K = NCCLTuningConstants
        let n = p.ranks, nodes = p.nodes, ppn = p.ranksPerNode
        let a = c.algorithm == .hierarchical || c.algorithm == .direct ? .ring : c.algorithm
        var intraLat = K.hardwareLatency(p.intraHardware, a, c.protocol)
        if nodes > 1, c.protocol == .ll { intraLat *= 1.8 }
        var interLat = (ppn == 1 ? K.hardwareLatency(.net, .tree, c.protocol) : K.hardwareLatency(.net, a, c.protocol))
            + p.interLatency.value * 1e6
        if c.protocol == .simple { interLat += p.interLatency.value * 1e6 }
        let base = K.baseLatency(c.algorithm, c.protocol)
        let log2Nodes = Double(Int(log2(Double(max(nodes, 1)))))
        switch c.algorithm {
        case .ring, .hierarchical:
            let steps: Int
            switch op {
            case .allReduce: steps = 2 * (n - 1)
            case .allGather, .reduceScatter: steps = n - 1
            default: steps = n
            }
            let interSteps = nodes == 1 ? 0 : (op == .allReduce ? 2 * (nodes - 1) : nodes - 1)
            if nodes > 1 { intraLat = max(intraLat, c.protocol == .simple ? 3 : 1) }
            if op == .broadcast { return base + (nodes > 1 ? interLat : intraLat) }
            return base + Double(steps - interSteps) * intraLat + Double(interSteps) * interLat
        case .tree:
            return base + 2 * (Double(ppn - 1) * intraLat + log2Nodes * interLat)
        case .nvls:
            return intraLat + (nodes > 1 ? interLat : 0)
        case .nvlsTree:
            return intraLat + 2 * log2Nodes * interLat
        case .direct:
            // Point-to-point: one step over the pair's link; all-to-all posts n − 1 pairs.
            let step = nodes > 1 ? interLat : intraLat
            return base + step + (op == .allToAll ? Double(n - 1) * 0.2 : 0)
        }
    }

    // MARK: Bandwidth NCCL's tuner assumes (GB/s → B/s), for choosing

    func nominalAlgorithmBandwidth(_ op: CollectiveOp, _ c: Candidate, _ p: CommunicatorPlacement) -> Double {
        typealias K = NCCLTuningConstants
        let intra = p.intraBandwidth.value, net = p.groupNICBandwidthPerNode.value
        let g = p.generation
        switch c.algorithm {
        case .ring, .hierarchical:
            var bus = min(p.ranksPerNode > 1 ? intra : .infinity, p.nodes > 1 ? net : .infinity)
            if !bus.isFinite { bus = intra }
            switch c.protocol {
            case .ll: bus = min(K.llMaxBandwidth(g, nodesIndex: p.nodesIndex) * 1e9, bus * 0.5)
            case .ll128: bus = min(bus * 0.92, Double(nvlinkChannels) * K.ringLL128PerChannel(g) * 1e9)
            case .simple: break
            }
            return bus / op.busBandwidthFactor(ranks: p.ranks)
        case .tree:
            let link = p.nodes <= 2 ? intra : net
            var bus = min(link * 0.92, Double(max(1, p.nicsUsedPerNode)) * K.treePerChannel(g, nodesIndex: p.nodesIndex) * 1e9)
            switch c.protocol {
            case .ll: bus = min(bus / 3.8, K.llMaxBandwidth(g, nodesIndex: p.nodesIndex) * 1e9)
            case .ll128: bus *= p.nodes == 1 ? 7.0 / 9.0 : 120.0 / 128.0
            case .simple: break
            }
            return bus * 0.5
        case .nvls:
            return intra * 5.0 / 6.0
        case .nvlsTree:
            return min(intra, p.nodes <= 2 ? net : net / 2) * 5.0 / 6.0
        case .direct:
            return 1 / max(transferSeconds(op, 1, c, p), 1e-30)
        }
    }

    // MARK: Transfer time on measured efficiencies

    /// Seconds to move `s` bytes (nccl-tests size) once the pipeline is full.
    func transferSeconds(_ op: CollectiveOp, _ s: Double, _ c: Candidate, _ p: CommunicatorPlacement) -> Double {
        let e = efficiency
        let intra = p.intraBandwidth.value * e.intra(p.intraHardware)
        let net = p.groupNICBandwidthPerNode.value * e.scaleOut(portBandwidth: p.nicPortBandwidth)
        let n = Double(p.ranks), ppn = Double(p.ranksPerNode)
        let g = p.generation
        let protocolFactor: Double
        switch (c.algorithm, c.protocol) {
        case (.tree, .ll): protocolFactor = 1 / 3.8
        case (_, .ll): protocolFactor = 0.5
        case (.tree, .ll128): protocolFactor = 120.0 / 128.0
        case (_, .ll128): protocolFactor = 0.92
        default: protocolFactor = 1
        }
        let llCap = NCCLTuningConstants.llMaxBandwidth(g, nodesIndex: p.nodesIndex) * 1e9
        func capped(_ bw: Double) -> Double { c.protocol == .ll ? min(bw, llCap) : bw }
        switch c.algorithm {
        case .ring:
            var bus = min(p.ranksPerNode > 1 ? intra : .infinity, p.nodes > 1 ? net : .infinity)
            if !bus.isFinite { bus = intra }
            return s * op.busBandwidthFactor(ranks: p.ranks) / capped(bus * protocolFactor)
        case .tree:
            let across = net * (p.nodes == 2 ? 1 : 0.5)
            let algbw = min(across, p.ranksPerNode > 1 ? intra : .infinity)
            return s / capped(algbw * protocolFactor)
        case .nvls:
            return s / (p.intraBandwidth.value * e.nvls)
        case .nvlsTree:
            let across = net * (p.nodes == 2 ? 1 : 0.5)
            return s / min(p.intraBandwidth.value * e.nvls, across)
        case .hierarchical:
            let inside = ppn > 1 ? s * (ppn - 1) / ppn / intra : 0
            let nodes = Double(p.nodes)
            let perRail = p.nodes > 1 ? (s / ppn) * 2 * (nodes - 1) / nodes / (net / ppn) : 0
            return 2 * inside + perRail
        case .direct:
            switch op {
            case .sendRecv:
                let link = p.nodes > 1 ? p.nicBandwidthPerGPU.value * e.scaleOut(portBandwidth: p.nicPortBandwidth) : intra
                return s / link
            default:
                let viaNVLink = ppn > 1 ? s * (ppn - 1) / n / intra : 0
                let viaNIC = p.nodes > 1 ? ppn * s * (n - ppn) / n / net : 0
                return max(viaNVLink, viaNIC)
            }
        }
    }
}
