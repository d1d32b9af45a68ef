import OrreryCore
import OrreryCost

/// One rank group's share of a simulated step.
public struct GroupUtilization: Hashable, Sendable {
    /// Data-parallel index of the replica (the lowest of those it stands for) and how many
    /// replicas it stands for.
    public var dpIndex: Int
    public var replicas: Int
    public var pipelineRank: Int
    /// Global rank of its tensor rank 0, and that rank's node.
    public var firstRank: Int
    public var node: Int
    /// GPUs it stands for (tp · cp · replicas).
    public var gpus: Int
    public var slowdown: Double
    /// Kernel time (forward, backward, recomputation, weight gradients, optimizer).
    public var computeBusy: Seconds
    /// computeBusy / step time.
    public var utilization: Double
    /// The group's own breakdown of the step (sums to the step time).
    public var breakdown: TimeBreakdown
}

/// The outcome of simulating one training step.
public struct SimulatedStep: Sendable {
    public var stepTime: Seconds
    /// Breakdown on the busiest rank group (its idle time is the bubble).
    public var breakdown: TimeBreakdown
    public var criticalGroup: Int
    public var groups: [GroupUtilization]
    public var schedule: String
    public var tasks: Int
    public var events: UInt64
    public var work: StepWork
    /// Per-task intervals, kept for `ChromeTrace` when `recordTrace` was set.
    var record: TaskRecord?
}

/// What the trace needs of the run.
struct TaskRecord: Sendable {
    var tasks: [SimTask]
    var start: [Int64]
    var end: [Int64]
    var resources: [Int32]
    var groups: RankStreams
    var gpusPerNode: Int
}

/// Simulates one training step of a configuration on a cluster: prices the work
/// (`StepWorkPricer`), builds the task graph of the schedule over the rank groups
/// (`RankStreams`, `StepGraphBuilder`), runs it (`StepEngine`) and reports the step time,
/// a breakdown and per-group utilisation. Deterministic: same inputs and seed, same result.
public struct TrainingStepSimulation: Sendable {
    public var pricer: StepWorkPricer
    public var options: SimulationOptions

    public init(pricer: StepWorkPricer = StepWorkPricer(), options: SimulationOptions = SimulationOptions()) {
        self.pricer = pricer
        self.options = options
    }

    /// - Throws: `OrreryError` for a schedule that cannot run the layout, a bad layer
    ///   split, faults naming ranks outside the world.
    public func run(_ config: TrainingConfig, on cluster: ClusterSpec) throws -> SimulatedStep {
        let lay = config.layout
        let work = try pricer.price(config, on: cluster, options: options)
        let kind = options.schedule ?? .default(vpp: work.vpp)
        let schedule = kind.schedule(vpp: work.vpp)
        if work.vpp > 1 && kind != .interleaved {
            throw OrreryError.rule(field: "--schedule \(kind.rawValue)", rule: "runs one model chunk per rank; the layout has vpp \(work.vpp): use --schedule interleaved or --vpp 1")
        }
        try schedule.validate(stages: work.pp, microBatches: work.microBatches)
        let faults = try options.faults.resolve(worldSize: max(lay.worldSize, 1))
        let groups = RankStreams(tp: work.tp, cp: work.cp, dp: work.dp, pp: work.pp, compute: faults.compute, link: faults.link)
        var builder = StepGraphBuilder(work: work, schedule: schedule, groups: groups)
        let graph = builder.build()
        var engine = StepEngine(graph: graph)
        let last = engine.run()
        guard !engine.end.contains(-1) else {
            throw OrreryError.rule(field: "--schedule \(kind.rawValue)", rule: "the schedule deadlocks on this layout (a task never became ready)")
        }
        let stepTime = SimInstant(nanoseconds: last).seconds
        let analysis = StepBreakdown(graph: graph, start: engine.start, end: engine.end, groups: groups, stepEnd: last)
        var utilization: [GroupUtilization] = []
        for o in 0..<groups.groupCount {
            let replica = groups.replicas[o / work.pp], rank = o % work.pp
            let b = analysis.breakdown(owner: o)
            let busy = b.compute + b.recompute + b.optimizer
            let first = groups.firstRank(replica: o / work.pp, rank: rank)
            utilization.append(GroupUtilization(dpIndex: replica.dpIndex, replicas: replica.count, pipelineRank: rank, firstRank: first,
                                                node: first / max(cluster.gpusPerNode, 1), gpus: work.tp * work.cp * replica.count,
                                                slowdown: replica.slowdown[rank], computeBusy: busy,
                                                utilization: stepTime.value > 0 ? busy / stepTime : 0, breakdown: b))
        }
        let critical = utilization.indices.max { a, b in
            utilization[a].computeBusy != utilization[b].computeBusy ? utilization[a].computeBusy < utilization[b].computeBusy : a > b
        } ?? 0
        let record = options.recordTrace
            ? TaskRecord(tasks: graph.tasks, start: engine.start, end: engine.end, resources: graph.resources, groups: groups,
                         gpusPerNode: cluster.gpusPerNode)
            : nil
        return SimulatedStep(stepTime: stepTime, breakdown: utilization[critical].breakdown, criticalGroup: critical, groups: utilization,
                             schedule: schedule.name, tasks: graph.tasks.count, events: engine.events, work: work, record: record)
    }
}
