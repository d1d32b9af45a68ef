import ArgumentParser
import Foundation
import OrreryCore
import OrreryLaws

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

    @Option(help: "table (default), json or csv; json and csv print data only.")
    var format: OutputFormat = .table

    func run() throws {
        let spec = try HardwareCatalog.gpu(named: gpu)
        let plan = try TrainingBudget.plan(gpuHours: gpuHours, gpu: spec, numGPUs: numGPUs, mfu: mfu ?? TrainingBudget.llama3MFU)
        let mfuSource = mfu == nil
            ? "assumed: Llama 3 405B BF16 MFU on 16K H100 (arXiv 2407.21783 Table 4, 38-43 %); not yet the planner's layout MFU"
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
