import ArgumentParser
import Foundation
import OrreryCore
import OrreryLaws
import OrreryPlan

/// `orrery laws budget --gpu-hours H --gpu NAME --num-gpus N [--mfu M]` — what a GPU-hour
/// budget buys: C = H·3600·peak_bf16·MFU, the compute-optimal N*, D* (Chinchilla, Epoch
/// refit) and the wall-clock days on N GPUs. The MFU is assumed (Llama 3's 38 %) unless
/// given; wiring in the planner's MFU for the chosen layout (`orrery plan`) is left to the
/// OrreryPlan integration (`TrainingBudget.plan(… mfu:)` takes it as a parameter).
/// JSON: `{"gpu", "num_gpus", "gpu_hours", "peak_bf16_tflops_per_gpu", "mfu", "mfu_source",
/// "flops", "parameters", "tokens", "tokens_per_parameter", "loss", "wall_clock_days"}`.
struct LawsBudgetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "budget",
        abstract: "From a GPU-hour budget: compute-optimal model size, tokens and wall-clock days.")

    @Option(name: .customLong("gpu-hours"), help: "Budget in GPU-hours.")
    var gpuHours: Double

    @Option(help: "GPU catalog name (see `orrery catalog gpus`).")
    var gpu: String

    @Option(name: .customLong("num-gpus"), help: "GPUs the run uses.")
    var numGPUs: Int

    @Option(help: "Model FLOPs utilisation, a fraction (default 0.38: Llama 3 405B on 16K H100s, arXiv 2407.21783 Table 4).")
    var mfu: Double?

    @Flag(help: "Plan the compute-optimal model on the cluster and use the planned layout's MFU and speed.")
    var plan = false

    @Option(name: .customLong("gpus-per-node"), help: "GPUs per node for --plan (default 8).")
    var gpusPerNode: Int = 8

    @Option(name: .customLong("seq-len"), help: "Sequence length for --plan (default 8192).")
    var seqLen: Int = 8192

    @Option(name: .customLong("global-batch-tokens"), help: "Tokens per optimizer step for --plan (default 4194304, Llama 3's first stage: arXiv 2407.21783 §3.4.1).")
    var globalBatchTokens: Int = 4_194_304

    @Option(help: "table (default), json or csv; json and csv print data only.")
    var format: OutputFormat = .table

    func run() throws {
        if plan {
            guard mfu == nil else { throw OrreryError.rule(field: "--mfu", rule: "--plan derives the MFU from the planned layout; drop --mfu") }
            try runPlanned()
            return
        }
        let spec = try HardwareCatalog.gpu(named: gpu)
        let plan = try TrainingBudget.plan(gpuHours: gpuHours, gpu: spec, numGPUs: numGPUs, mfu: mfu ?? TrainingBudget.llama3MFU)
        let mfuSource = mfu == nil
            ? "assumed: Llama 3 405B BF16 MFU on 16K H100 (arXiv 2407.21783 Table 4, 38-43 %); add --plan for the planned layout's MFU"
            : "given with --mfu"
        let fields: [(String, Double)] = [("gpu_hours", plan.gpuHours), ("num_gpus", Double(plan.numGPUs)),
                                          ("peak_bf16_tflops_per_gpu", plan.peakFLOPsPerGPU / 1e12), ("mfu", plan.mfu),
                                          ("flops", plan.flops), ("parameters", plan.allocation.parameters), ("tokens", plan.allocation.tokens),
                                          ("tokens_per_parameter", plan.allocation.tokensPerParameter), ("loss", plan.allocation.loss),
                                          ("wall_clock_days", plan.wallClockDays)]
        switch format {
        case .json:
            var o: [String: Any] = ["gpu": plan.gpuName, "mfu_source": mfuSource]
            for (k, v) in fields { o[k] = k == "num_gpus" ? plan.numGPUs : LawsOutput.jsonNumber(v) }
            print(LawsOutput.json(o), terminator: "")
        case .csv:
            print((try? CSVRendering.csv(header: ["gpu"] + fields.map(\.0) + ["mfu_source"],
                                         rows: [[plan.gpuName] + fields.map { LawsOutput.number($0.1) } + [mfuSource]])) ?? "", terminator: "")
        case .table:
            print("Budget of \(LawsOutput.number(gpuHours)) GPU-hours on \(numGPUs) × \(plan.gpuName), Chinchilla law of Besiroglu et al. 2024, C = 6ND")
            print(TableRendering.table(header: ["quantity", "value"], rows: fields.map { [$0.0, LawsOutput.number($0.1)] }), terminator: "")
            print("MFU: \(mfuSource)")
        }
    }
}

extension LawsBudgetCommand {
    func runPlanned() throws {
        let spec = try HardwareCatalog.gpu(named: gpu)
        let cluster = try ClusterCatalog.generic(gpu: spec, numGPUs: numGPUs, gpusPerNode: gpusPerNode)
        let run = try ComputeOptimalRun.plan(gpuHours: gpuHours, cluster: cluster, seqLen: seqLen, tokensPerStep: globalBatchTokens)
        let b = run.budget, m = run.model, best = run.plan.best.planned, l = best.layout
        let layout = "tp \(l.tp) pp \(l.pp) dp \(l.dp) cp \(l.cp) vpp \(l.vpp) zero \(l.zero) recompute \(best.recomputeDescription) micro-batch \(l.microBatch)"
        let fields: [(String, String)] = [
            ("gpu_hours", LawsOutput.number(b.gpuHours)), ("num_gpus", "\(b.numGPUs)"),
            ("flops", LawsOutput.number(b.flops)), ("parameters", LawsOutput.number(b.allocation.parameters)),
            ("tokens", LawsOutput.number(b.allocation.tokens)), ("loss", LawsOutput.number(b.allocation.loss)),
            ("model", m.name), ("model_parameters", "\(m.parameterCount)"), ("layers", "\(m.layers)"), ("hidden", "\(m.hidden)"),
            ("ffn_hidden", "\(m.ffnHidden)"), ("heads", "\(m.heads)"), ("kv_heads", "\(m.kvHeads)"),
            ("tp", "\(l.tp)"), ("pp", "\(l.pp)"), ("dp", "\(l.dp)"), ("cp", "\(l.cp)"), ("vpp", "\(l.vpp)"), ("zero", "\(l.zero)"),
            ("micro_batch", "\(l.microBatch)"), ("step_time_s", LawsOutput.number(best.stepTime.value)),
            ("tokens_per_s_per_gpu", LawsOutput.number(best.estimate.tokensPerSecondPerGPU)),
            ("mfu", LawsOutput.number(run.plannedMFU)), ("planned_days", LawsOutput.number(run.plannedDays)),
            ("budget_days", LawsOutput.number(b.wallClockDays)),
        ]
        switch format {
        case .json:
            var o: [String: Any] = [:]
            for (k, v) in fields { o[k] = JSONRendering.value(v) }
            o["mfu_rounds"] = run.mfuHistory.map(LawsOutput.jsonNumber)
            print(LawsOutput.json(o), terminator: "")
        case .csv:
            print((try? CSVRendering.csv(header: fields.map(\.0), rows: [fields.map(\.1)])) ?? "", terminator: "")
        case .table:
            print("Budget of \(LawsOutput.number(gpuHours)) GPU-hours on \(numGPUs) × \(b.gpuName): Chinchilla law (Besiroglu et al. 2024), planned with orrery plan")
            print("  compute-optimal: \(LawsOutput.number(b.allocation.parameters)) parameters on \(LawsOutput.number(b.allocation.tokens)) tokens (C = \(LawsOutput.number(b.flops)) FLOP, loss \(LawsOutput.number(b.allocation.loss)))")
            print("  model: \(m.name), \(m.layers) layers × \(m.hidden) (ffn \(m.ffnHidden), \(m.heads) heads, \(m.kvHeads) KV heads), \(m.parameterCount) parameters")
            print("  layout: \(layout); step \(LawsOutput.number(best.stepTime.value)) s, \(LawsOutput.number(best.estimate.tokensPerSecondPerGPU)) tokens/s per GPU, MFU \(LawsOutput.number(run.plannedMFU * 100)) %")
            print("  wall clock: \(LawsOutput.number(run.plannedDays)) days at the planned speed; the budget's \(LawsOutput.number(b.wallClockDays)) days count only 6·N·D FLOPs, the layout also spends them on attention and logits")
            print("  MFU by round (start: Llama 3's 38 %): " + run.mfuHistory.map { LawsOutput.number($0) }.joined(separator: " → "))
        }
    }
}
