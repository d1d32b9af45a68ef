import ArgumentParser
import Foundation
import OrreryCore
import OrreryCost
import OrreryPlan

/// `orrery plan`: the fastest parallel layout that fits, ranked with reasons, exportable to
/// Megatron-LM, DeepSpeed and torchtitan (DESIGN.md `orrery plan` contract).
struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Search for the fastest parallel layout that fits, explain the ranking, export it.",
        discussion: """
        orrery plan --model llama-3-70b --gpu h100-sxm --num-gpus 1024 --seq-len 8192 --global-batch 512
        orrery plan --model llama-3-8b --gpu h100-sxm --num-gpus 8 --seq-len 4096 --global-batch 64 --format json
        orrery plan ... --export megatron --export-file launch.sh     (or deepspeed → ds_config.json, torchtitan → TOML)
        orrery plan --compare-published                                (Orrery's pick vs Llama 3 / Megatron-Core layouts)
        """)

    @Option(help: ArgumentHelp("Catalog model name, or a Hugging Face config.json.", valueName: "name|config.json"))
    var model: String?
    @Option(help: ArgumentHelp("GPU kind (with --num-gpus).", valueName: "name")) var gpu: String?
    @Option(help: ArgumentHelp("Cluster preset (with --nodes) instead of --gpu/--num-gpus.", valueName: "preset")) var cluster: String?
    @Option(parsing: .unconditional, help: "Nodes of the --cluster preset.") var nodes: Int?
    @Option(name: .customLong("num-gpus"), parsing: .unconditional, help: "GPUs in all.") var numGPUs: Int?
    @Option(name: .customLong("gpus-per-node"), parsing: .unconditional, help: "GPUs per node (default 8).") var gpusPerNode: Int?
    @Option(name: .customLong("seq-len"), parsing: .unconditional, help: "Tokens per sequence (default 2048).") var seqLen: Int = 2048
    @Option(name: .customLong("global-batch"), parsing: .unconditional, help: "Sequences per optimizer step.") var globalBatch: Int?
    @Option(parsing: .unconditional, help: "How many ranked layouts to show (default 5).") var top: Int = 5
    @Option(help: ArgumentHelp("bf16, amp-bf16, bf16-mixed (default) or fp8.", valueName: "mode")) var precision: String = "bf16-mixed"
    @Option(help: ArgumentHelp("adamw (default) or sgd.", valueName: "name")) var optimizer: String = "adamw"
    @Option(name: .customLong("memory-reserve-gib"), parsing: .unconditional,
            help: "GiB kept free per GPU beyond the estimator's allowances (default 0).") var memoryReserveGiB: Double = 0
    @Flag(name: .customLong("no-offload"), help: "Never move optimizer states to host memory.") var noOffload = false
    @Option(name: .customLong("simulate-top"), parsing: .unconditional,
            help: "Re-rank this many of the closed-form search's best layouts with the discrete-event simulator (0 = off; default 8).")
    var simulateTop: Int = 8

    @Option(parsing: .unconditional, help: "Pin tensor-parallel size.") var tp: Int?
    @Option(parsing: .unconditional, help: "Pin pipeline-parallel size.") var pp: Int?
    @Option(parsing: .unconditional, help: "Pin context-parallel size.") var cp: Int?
    @Option(parsing: .unconditional, help: "Pin expert-parallel size.") var ep: Int?
    @Option(parsing: .unconditional, help: "Pin virtual pipeline stages.") var vpp: Int?
    @Option(parsing: .unconditional, help: "Pin ZeRO stage 0…3.") var zero: Int?
    @Option(name: .customLong("micro-batch"), parsing: .unconditional, help: "Pin micro-batch size.") var microBatch: Int?
    @Option(help: ArgumentHelp("Pin recomputation: none, selective or full.", valueName: "policy")) var recompute: String?

    @Option(name: .customLong("train-tokens"), help: ArgumentHelp("Tokens to train on (days, GPU-hours).", valueName: "n")) var trainTokens: Double?
    @Option(name: .customLong("usd-per-gpu-hour"), help: ArgumentHelp("Price per GPU-hour (cost).", valueName: "usd")) var usdPerGPUHour: Double?

    @Option(help: "Output format: table, json or csv.") var format: OutputFormat = .table
    @Option(help: ArgumentHelp("Export the best plan: megatron, deepspeed or torchtitan.", valueName: "framework")) var export: String?
    @Option(name: .customLong("export-file"), help: ArgumentHelp("Write the export here (atomically); without it the export goes to stdout.", valueName: "file"))
    var exportFile: String?
    @Flag(name: .customLong("compare-published"), help: "Compare Orrery's pick with published layouts (Llama 3, Megatron-Core).")
    var comparePublished = false

    func validate() throws {
        if comparePublished { return }
        if model == nil { throw ValidationError("--model is required (a catalog name or a config.json)") }
        if globalBatch == nil { throw ValidationError("--global-batch is required (sequences per optimizer step)") }
        if cluster == nil && (gpu == nil || numGPUs == nil) {
            throw ValidationError("give --gpu NAME --num-gpus N (optionally --gpus-per-node G), or --cluster PRESET --nodes N")
        }
        if exportFile != nil && export == nil { throw ValidationError("--export-file needs --export megatron|deepspeed|torchtitan") }
    }

    func run() throws {
        if comparePublished { return try printComparison() }
        let request = try makeRequest()
        try TrainingRunBudget.validate(tokens: trainTokens, usdPerGPUHour: usdPerGPUHour)
        let exportFormat = try export.map { name -> PlanExportFormat in
            guard let f = PlanExportFormat(rawValue: name.lowercased()) else {
                throw OrreryError.invalidValue(field: "export", value: name, allowed: "megatron, deepspeed or torchtitan")
            }
            return f
        }
        guard (0...64).contains(simulateTop) else {
            throw OrreryError.invalidValue(field: "--simulate-top", value: "\(simulateTop)", allowed: "0 (off) to 64")
        }
        let planner = LayoutPlanner.simulationRefined(top: simulateTop)
        let result = try planner.plan(request)
        let report = PlanReport(result, trainTokens: trainTokens, usdPerGPUHour: usdPerGPUHour)
        if let exportFormat {
            let out = exportFormat.render(result.best.planned, request: request)
            CLIOutput.warn(out.warnings.map { Diagnostic(location: "export \(exportFormat.rawValue)", message: $0) })
            guard let exportFile else { return write(out.text) }
            try CLIOutput.writeAtomically(out.text, to: exportFile)
            FileHandle.standardError.write(Data("wrote \(exportFile)\n".utf8))
        }
        switch format {
        case .json: write(JSONRendering.encode(report.jsonObject))
        case .csv: write(try CSVRendering.csv(header: PlanReport.columns, rows: report.rows))
        case .table: write(report.text { TableRendering.table(header: $0, rows: $1) })
        }
    }

    func makeRequest() throws -> PlanRequest {
        let architecture = try ModelResolver.resolve(model ?? "")
        let spec: ClusterSpec
        if let cluster {
            spec = try ClusterCatalog.cluster(named: cluster, nodes: nodes)
            if let numGPUs, numGPUs != spec.totalGPUs {
                throw OrreryError.rule(field: "num_gpus", rule: "--num-gpus \(numGPUs) disagrees with --cluster \(cluster) (\(spec.totalGPUs) GPUs); give --nodes instead")
            }
        } else {
            spec = try ClusterCatalog.generic(gpu: try HardwareCatalog.gpu(named: gpu ?? ""), numGPUs: numGPUs ?? 0, gpusPerNode: gpusPerNode ?? 8)
        }
        guard let mode = PrecisionMode(rawValue: precision.lowercased()) else {
            throw OrreryError.invalidValue(field: "precision", value: precision, allowed: PrecisionMode.allCases.map(\.rawValue).joined(separator: ", "))
        }
        guard let opt = OptimizerKind(rawValue: optimizer.lowercased()) else {
            throw OrreryError.invalidValue(field: "optimizer", value: optimizer, allowed: "adamw or sgd")
        }
        let pinnedRecompute = try recompute.map { text -> Recompute in
            guard let r = Recompute(rawValue: text.lowercased()) else {
                throw OrreryError.invalidValue(field: "recompute", value: text, allowed: "none, selective or full")
            }
            return r
        }
        guard memoryReserveGiB.isFinite else {
            throw OrreryError.invalidValue(field: "memory_reserve_gib", value: "\(memoryReserveGiB)", allowed: "a number of GiB")
        }
        return PlanRequest(model: architecture, cluster: spec, seqLen: seqLen, globalBatch: globalBatch ?? 0, precision: mode,
                           optimizer: opt, top: top, memoryReserve: .gib(memoryReserveGiB), allowOffload: !noOffload,
                           constraints: LayoutConstraints(tp: tp, pp: pp, cp: cp, ep: ep, vpp: vpp, zero: zero,
                                                          microBatch: microBatch, recompute: pinnedRecompute))
    }

    func printComparison() throws {
        let rows = try PublishedLayoutComparison.run()
        let header = ["case", "source", "published layout", "published: predicted TFLOP/s", "measured TFLOP/s",
                      "Orrery pick", "pick: predicted TFLOP/s", "predicted gain %"]
        let cells = rows.map { c in
            [c.published.name, c.published.source, PlanLayoutText.short(c.publishedPlan),
             formatSignificant(LayoutComparison.modelTFLOPs(c.publishedPlan, gpu: c.gpu)),
             c.published.measuredModelTFLOPsPerGPU.map(formatSignificant) ?? "", PlanLayoutText.short(c.pick),
             formatSignificant(LayoutComparison.modelTFLOPs(c.pick, gpu: c.gpu)), formatSignificant(100 * c.predictedGain)]
        }
        switch format {
        case .json: write(JSONRendering.records(header: header, rows: cells))
        case .csv: write(try CSVRendering.csv(header: header, rows: cells))
        case .table: write(rows.map(\.summary).joined(separator: "\n") + "\n")
        }
    }

    func write(_ text: String) { FileHandle.standardOutput.write(Data(text.utf8)) }
}
