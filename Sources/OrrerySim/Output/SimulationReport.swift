import Foundation
import OrreryCore
import OrreryCost

/// `orrery simulate`'s output: a readable report, or data only as JSON (one object) or CSV
/// (one summary row). Numbers through `formatSignificant`; units in the key names.
/// Deterministic: the same simulation gives the same bytes (no wall-clock time in it).
public enum SimulationReport {
    public enum Format: String, Sendable { case table, json, csv }

    public struct Input: Sendable {
        public var name: String
        public var config: TrainingConfig
        public var cluster: ClusterSpec
        public var estimate: StepEstimate
        public var step: SimulatedStep
        public var goodput: GoodputSimulation.Report?
        public var checkpointEvery: Int?
        public init(name: String, config: TrainingConfig, cluster: ClusterSpec, estimate: StepEstimate, step: SimulatedStep,
                    goodput: GoodputSimulation.Report? = nil, checkpointEvery: Int? = nil) {
            self.name = name
            self.config = config
            self.cluster = cluster
            self.estimate = estimate
            self.step = step
            self.goodput = goodput
            self.checkpointEvery = checkpointEvery
        }
    }

    public static func render(_ r: Input, format: Format) -> String {
        switch format {
        case .table: return table(r)
        case .json: return json(r)
        case .csv: return csv(r)
        }
    }

    static func g(_ x: Double) -> String { formatSignificant(x) }

    /// Summary columns, in order.
    public static let columns = ["name", "schedule", "step_time_s", "tokens_per_s_per_gpu", "model_tflops_per_gpu", "mfu",
                                 "compute_s", "recompute_s", "tp_comm_s", "cp_comm_s", "pp_comm_s", "dp_comm_s", "bubble_s",
                                 "optimizer_s", "min_utilization", "mean_utilization", "tasks", "events",
                                 "goodput", "steps_kept", "failures"]

    static func utilization(_ s: SimulatedStep) -> (min: Double, mean: Double) {
        let gpus = s.groups.map { Double($0.gpus) }.reduce(0, +)
        let mean = s.groups.map { $0.utilization * Double($0.gpus) }.reduce(0, +) / max(gpus, 1)
        return (s.groups.map(\.utilization).min() ?? 0, mean)
    }

    static func summaryCells(_ r: Input) -> [String] {
        let e = r.estimate, b = r.step.breakdown, u = utilization(r.step)
        return [r.name, r.step.schedule, g(e.stepTime.value), g(e.tokensPerSecondPerGPU), g(e.mfu * r.cluster.gpu.peak(.bf16).tera), g(e.mfu),
                g(b.compute.value), g(b.recompute.value), g(b.tpComm.value), g(b.cpComm.value), g(b.ppComm.value), g(b.dpComm.value),
                g(b.bubble.value), g(b.optimizer.value), g(u.min), g(u.mean), "\(r.step.tasks)", "\(r.step.events)",
                r.goodput.map { g($0.goodput) } ?? "", r.goodput.map { "\($0.stepsKept)" } ?? "", r.goodput.map { "\($0.failures)" } ?? ""]
    }

    static func csv(_ r: Input) -> String {
        [columns, summaryCells(r)].map { $0.map(TextEscaping.csvField).joined(separator: ",") }.joined(separator: "\n") + "\n"
    }

    static func json(_ r: Input) -> String {
        let s = TextEscaping.jsonString
        let b = r.step.breakdown
        var fields: [String] = []
        for (k, v) in zip(columns, summaryCells(r)) where !["compute_s", "recompute_s", "tp_comm_s", "cp_comm_s", "pp_comm_s", "dp_comm_s", "bubble_s", "optimizer_s", "goodput", "steps_kept", "failures"].contains(k) {
            fields.append("  \(s(k)): \(k == "name" || k == "schedule" ? s(v) : v)")
        }
        fields.append("  \"breakdown_s\": {" + b.terms.map { "\(s($0.name)): \(g($0.time.value))" }.joined(separator: ", ") + "}")
        let critical = r.step.groups[r.step.criticalGroup]
        fields.append("  \"breakdown_group\": {\"pipeline_rank\": \(critical.pipelineRank), \"dp_index\": \(critical.dpIndex), \"first_rank\": \(critical.firstRank)}")
        let groups = r.step.groups.map { u in
            "    {\"pipeline_rank\": \(u.pipelineRank), \"dp_index\": \(u.dpIndex), \"replicas\": \(u.replicas), \"gpus\": \(u.gpus), "
                + "\"first_rank\": \(u.firstRank), \"node\": \(u.node), \"slowdown\": \(g(u.slowdown)), "
                + "\"compute_busy_s\": \(g(u.computeBusy.value)), \"utilization\": \(g(u.utilization)), \"bubble_s\": \(g(u.breakdown.bubble.value))}"
        }
        fields.append("  \"groups\": [\n" + groups.joined(separator: ",\n") + "\n  ]")
        if let gp = r.goodput {
            fields.append("  \"goodput\": {\"hours\": \(g(gp.duration.value / 3600)), \"goodput\": \(g(gp.goodput)), \"steps_kept\": \(gp.stepsKept), "
                          + "\"steps_lost\": \(gp.stepsLost), \"failures\": \(gp.failures), \"checkpoints\": \(gp.checkpoints), "
                          + "\"checkpoint_every_steps\": \(r.checkpointEvery ?? 0), \"lost_work_s\": \(g(gp.lostWork.value)), "
                          + "\"downtime_s\": \(g(gp.downtime.value)), \"checkpoint_overhead_s\": \(g(gp.checkpointOverhead.value))}")
        }
        return "{\n" + fields.joined(separator: ",\n") + "\n}\n"
    }

    static func f(_ x: Double, _ digits: Int = 3) -> String { String(format: "%.\(digits)f", x) }
    static func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s : String(repeating: " ", count: n - s.count) + s }

    static func table(_ r: Input) -> String {
        let e = r.estimate, s = r.step, l = r.config.layout, c = r.cluster
        var out: [String] = []
        out.append("\(r.name): simulated training step")
        out.append("  model \(r.config.model.name) on \(c.name): \(c.nodes) node\(c.nodes == 1 ? "" : "s") × \(c.gpusPerNode) \(c.gpu.name)")
        out.append("  tp \(l.tp)\(l.sequenceParallel ? " (sequence parallel)" : "") pp \(l.pp) dp \(l.dp) cp \(l.cp) vpp \(l.vpp) zero \(l.zero); recompute \(l.recompute.rawValue); "
                   + "micro-batch \(l.microBatch), global batch \(l.globalBatch) (\(s.work.microBatches) micro-batches per pipeline); seq \(r.config.seqLen)")
        let reps = Set(s.groups.map(\.dpIndex)).count
        out.append("  schedule \(s.schedule); \(l.worldSize) GPUs simulated as \(s.groups.count) rank group\(s.groups.count == 1 ? "" : "s") "
                   + "(\(reps) data-parallel replica\(reps == 1 ? "" : "s") × \(l.pp) stage\(l.pp == 1 ? "" : "s")); \(s.tasks) tasks, \(s.events) events")
        out.append("  kernel times: \(e.kernelSource)")
        out.append("")
        out.append("  step time          \(f(e.stepTime.value, 4)) s")
        out.append("  throughput         \(f(e.tokensPerSecondPerGPU, 0)) tokens/s per GPU")
        out.append("  model FLOP/s       \(f(e.mfu * c.gpu.peak(.bf16).tera, 1)) TFLOP/s per GPU (MFU \(f(100 * e.mfu, 1))%)")
        out.append("  peak memory        \(f(e.memory.total.gib, 2)) GiB: \(e.fits ? "fits" : "DOES NOT FIT (out of memory)")")
        out.append("")
        let crit = s.groups[s.criticalGroup]
        out.append("  time per step on the busiest group (pp rank \(crit.pipelineRank), dp \(crit.dpIndex), rank \(crit.firstRank))")
        for t in s.breakdown.terms where t.time.value > 0 {
            out.append("    \(t.name.padding(toLength: 12, withPad: " ", startingAt: 0)) \(pad(f(t.time.milliseconds, 2), 10)) ms  \(pad(f(100 * (t.time / e.stepTime), 1), 5))%")
        }
        out.append("")
        out.append("  utilisation per rank group (kernel time / step time)")
        out.append("    pp rank  dp index  replicas   GPUs  first rank  slowdown  compute ms  bubble ms  util %")
        let shown = s.groups.count > 40 ? Array(s.groups.sorted { $0.utilization < $1.utilization }.prefix(20)) : s.groups
        for u in shown {
            out.append("    " + [pad("\(u.pipelineRank)", 7), pad("\(u.dpIndex)", 8), pad("\(u.replicas)", 8), pad("\(u.gpus)", 6),
                                 pad("\(u.firstRank)", 10), pad(f(u.slowdown, 2), 8), pad(f(u.computeBusy.milliseconds, 1), 10),
                                 pad(f(u.breakdown.bubble.milliseconds, 1), 9), pad(f(100 * u.utilization, 1), 6)].joined(separator: "  "))
        }
        if shown.count < s.groups.count { out.append("    (the 20 least utilised of \(s.groups.count) groups; --format json lists all)") }
        if let gp = r.goodput {
            out.append("")
            out.append("  goodput over \(f(gp.duration.value / 3600, 1)) h: \(f(100 * gp.goodput, 2))% "
                       + "(\(gp.stepsKept) steps kept, \(gp.stepsLost) lost to \(gp.failures) failure\(gp.failures == 1 ? "" : "s"); "
                       + "checkpoint every \(r.checkpointEvery ?? 0) steps, \(gp.checkpoints) written)")
            out.append("    lost work \(f(gp.lostWork.value / 60, 1)) min, downtime \(f(gp.downtime.value / 60, 1)) min, checkpoint writes \(f(gp.checkpointOverhead.value / 60, 1)) min")
        }
        return out.joined(separator: "\n") + "\n"
    }
}
