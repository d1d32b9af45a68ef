import ArgumentParser
import Foundation
import OrreryCore
import OrreryCost
import OrrerySim

/// `orrery simulate`: one training step on the whole cluster, event by event — pipeline
/// schedule, overlap, stragglers, degraded links — and, with `--hours`, goodput over a
/// long run with failures and checkpoint restarts.
struct SimulateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Simulate a training step (pipeline schedule, overlap, stragglers, failures); optional Chrome trace and goodput.",
        discussion: """
        orrery simulate --scenario Scenarios/llama3-70b-128xh100.yaml
        orrery simulate --scenario Scenarios/llama3-70b-128xh100.yaml --schedule zb-h1 --straggler 40:1.3 --trace step.json
        orrery simulate --scenario Scenarios/llama3-70b-128xh100.yaml --hours 24 --fail-at 3h,10h --format json
        """)

    @OptionGroup var scenario: ScenarioOptions

    @Option(help: ArgumentHelp("Pipeline schedule: gpipe, 1f1b, interleaved or zb-h1 (default: interleaved when vpp > 1, else 1f1b).", valueName: "name"))
    var schedule: String?

    @Option(help: ArgumentHelp("Slow GPUs: global rank and compute slowdown factor, comma-separated (1.5 = 50% slower).", valueName: "RANK:FACTOR,..."))
    var straggler: [String] = []

    @Option(name: .customLong("slowdown-dist"),
            help: ArgumentHelp("Draw every GPU's slowdown: fixed(X), uniform(A,B), normal(MEAN,SD) or lognormal(MU,SIGMA).", valueName: "dist"))
    var slowdownDistribution: String?

    @Option(name: .customLong("degraded-link"), help: ArgumentHelp("Degraded NICs: global rank and remaining bandwidth fraction in (0, 1].", valueName: "RANK:FRACTION,..."))
    var degradedLink: [String] = []

    @Option(parsing: .unconditional, help: "Seed of the random draws (slowdowns, failures).")
    var seed: Int = 0

    @Flag(name: .customLong("tp-comm-overlap"), help: "Tensor-parallel collectives concurrent with the GEMMs (Megatron-Core --tp-comm-overlap).")
    var tpCommOverlap = false

    @Flag(name: .customLong("overlap-grad-reduce"), inversion: .prefixedNo, help: "Reduce gradient buckets during backward (default on).")
    var overlapGradReduce = true

    @Flag(name: .customLong("overlap-param-gather"), inversion: .prefixedNo, help: "ZeRO parameter all-gathers overlap the next forward (default on).")
    var overlapParamGather = true

    @Flag(name: .customLong("blocking-p2p"), help: "Pipeline sends block the sender's compute (Megatron-LM 2021–22 p2p); default: overlapped (Megatron-Core).")
    var blockingP2P = false

    @Option(name: .customLong("layers-per-stage"), help: ArgumentHelp("Layers of each virtual stage, comma-separated (pp · vpp entries).", valueName: "n,n,..."))
    var layersPerStage: String?

    @Option(help: ArgumentHelp("Write a Chrome/Perfetto trace of the step (JSON, microseconds).", valueName: "out.json"))
    var trace: String?

    @Option(help: ArgumentHelp("Simulate a long run of this many hours for goodput.", valueName: "h"))
    var hours: Double?

    @Option(name: .customLong("fail-at"), help: ArgumentHelp("GPU failures at these times into the run (seconds, or with s/m/h), comma-separated.", valueName: "t,..."))
    var failAt: String?

    @Option(name: .customLong("mtbf-hours"), help: ArgumentHelp("Per-GPU mean time between failures for random failures (default: Llama 3's ≈ 50,700 h; 0 = none).", valueName: "h"))
    var mtbfHours: Double?

    @Option(name: .customLong("checkpoint-every"), parsing: .unconditional, help: "Steps between checkpoints (default: Young's optimum).")
    var checkpointEvery: Int?

    @Option(name: .customLong("checkpoint-write-s"), help: "Seconds to write a checkpoint (default: shard size at 1 GB/s per GPU).")
    var checkpointWrite: Double?

    @Option(name: .customLong("detect-s"), help: "Seconds from a failure to its detection (default 600, Megatron's NCCL timeout).")
    var detect: Double?

    @Option(name: .customLong("restart-s"), help: "Seconds to reschedule and re-initialise after a failure (default 300).")
    var restart: Double?

    @Option(help: "Output format: table, json or csv.")
    var format: OutputFormat = .table

    @Option(name: [.customShort("o"), .customLong("output")], help: ArgumentHelp("Write to this file (atomically) instead of stdout.", valueName: "file"))
    var output: String?

    func validate() throws {
        if let hours, !(hours > 0 && hours.isFinite) { throw ValidationError("--hours must be a positive number of hours") }
        if hours == nil && (failAt != nil || mtbfHours != nil || checkpointEvery != nil) {
            throw ValidationError("--fail-at, --mtbf-hours and --checkpoint-every describe a long run: add --hours")
        }
    }

    func run() throws {
        let s = try scenario.resolve(explicitPipelineSplit: layersPerStage != nil)
        if let scope = s.workload.scope, scope != .step {
            throw OrreryError.invalidValue(field: "workload.scope", value: scope.rawValue, allowed: "step (orrery simulate runs training steps)")
        }
        var options = SimulationOptions(schedule: try schedule.map(ScheduleKind.parse))
        options.overlapTensorParallel = tpCommOverlap
        options.overlapGradReduce = overlapGradReduce
        options.overlapParamGather = overlapParamGather
        options.blockingPipelineSends = blockingP2P
        options.recordTrace = trace != nil
        options.layersPerStage = try layersPerStage.map(Self.parseList)
        var faults = FaultModel()
        for item in straggler { faults.slowdown.merge(try FaultModel.parseRankFactors(item, field: "--straggler")) { $1 } }
        for item in degradedLink { faults.degradedLinks.merge(try FaultModel.parseRankFactors(item, field: "--degraded-link")) { $1 } }
        faults.slowdownDistribution = try slowdownDistribution.map(SlowdownDistribution.parse)
        faults.seed = UInt64(bitPattern: Int64(seed))
        options.faults = faults

        let estimator = SimulatedStepEstimator(options: options)
        let (estimate, step) = try estimator.estimateWithSimulation(s.training, on: s.cluster)
        var goodput: GoodputSimulation.Report?
        var interval: Int?
        if let hours {
            let write = checkpointWrite.map { Seconds($0) } ?? CheckpointPolicy.transferTime(weights: estimate.memory.weights, optimizerStates: estimate.memory.optimizerStates)
            let mtbf = mtbfHours.map { $0 > 0 ? Seconds($0 * 3600) : nil } ?? GoodputSimulation.llama3GPUMTBF
            let gpus = s.layout.worldSize
            let every = checkpointEvery ?? CheckpointPolicy.youngInterval(write: write, jobMTBF: mtbf.map { $0 / Double(max(gpus, 1)) } ?? Seconds(.infinity),
                                                                         stepTime: estimate.stepTime)
            var long = GoodputSimulation(stepTime: estimate.stepTime, duration: Seconds(hours * 3600), checkpointEvery: every,
                                         checkpointWrite: write, restore: write, gpus: gpus)
            long.gpuMTBF = mtbf
            long.failAt = try failAt.map(Self.parseTimes) ?? []
            if let detect { long.detection = Seconds(detect) }
            if let restart { long.restart = Seconds(restart) }
            long.seed = UInt64(bitPattern: Int64(seed))
            goodput = try long.run()
            interval = every
        }
        if let trace { try CLIOutput.writeAtomically(try ChromeTrace.render(step), to: trace) }
        let report = SimulationReport.Input(name: s.name, config: s.training, cluster: s.cluster, estimate: estimate, step: step,
                                            goodput: goodput, checkpointEvery: interval)
        let text = SimulationReport.render(report, format: SimulationReport.Format(rawValue: format.rawValue) ?? .table)
        CLIOutput.warn(estimate.diagnostics)
        if let output { try CLIOutput.writeAtomically(text, to: output) } else { FileHandle.standardOutput.write(Data(text.utf8)) }
    }

    static func parseList(_ text: String) throws -> [Int] {
        try text.split(separator: ",").map {
            guard let n = Int($0.trimmingCharacters(in: .whitespaces)), n >= 0 else {
                throw OrreryError.invalidValue(field: "--layers-per-stage", value: text, allowed: "comma-separated layer counts >= 0, one per virtual stage")
            }
            return n
        }
    }

    /// Times such as `3600`, `90s`, `30m`, `2.5h`.
    static func parseTimes(_ text: String) throws -> [Seconds] {
        try text.split(separator: ",").map { item in
            var t = item.trimmingCharacters(in: .whitespaces).lowercased()
            var scale = 1.0
            if t.hasSuffix("h") { scale = 3600; t.removeLast() } else if t.hasSuffix("m") { scale = 60; t.removeLast() } else if t.hasSuffix("s") { t.removeLast() }
            guard let x = Double(t), x.isFinite, x >= 0 else {
                throw OrreryError.invalidValue(field: "--fail-at", value: String(item), allowed: "times >= 0 in seconds, or with a unit: 90s, 30m, 2.5h")
            }
            return Seconds(x * scale)
        }
    }
}
