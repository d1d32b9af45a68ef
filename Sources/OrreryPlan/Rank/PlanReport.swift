import Foundation
import OrreryCore
import OrreryCost

/// The planner's result as data (rows and a JSON-ready object) and as a readable report.
/// Numbers go through `formatSignificant` (6 significant digits) so output bytes are stable.
/// Column names follow the DESIGN.md `orrery plan` contract, extras after them.
public struct PlanReport {
    public var result: PlanResult
    /// Tokens to train on and $/GPU-hour, for the days / GPU-hours / cost columns.
    public var trainTokens: Double?
    public var usdPerGPUHour: Double?

    public init(_ result: PlanResult, trainTokens: Double? = nil, usdPerGPUHour: Double? = nil) {
        self.result = result
        self.trainTokens = trainTokens
        self.usdPerGPUHour = usdPerGPUHour
    }

    /// The contract's per-plan keys, then the extras.
    public static let columns = ["tp", "pp", "dp", "cp", "ep", "vpp", "zero", "recompute", "micro_batch", "step_time_s",
                                 "tokens_per_s_per_gpu", "mfu", "peak_memory_gib", "fits",
                                 "rank", "recompute_layers", "sequence_parallel", "offload_optimizer", "layers_per_stage",
                                 "model_tflops_per_gpu", "loses_by_s", "dominant_term", "why",
                                 "train_days", "gpu_hours", "cost_usd"]

    func budget(_ p: PlannedLayout) -> TrainingRunBudget? {
        trainTokens.map { TrainingRunBudget(tokens: $0, tokensPerSecondPerGPU: p.estimate.tokensPerSecondPerGPU,
                                            gpus: p.layout.worldSize, usdPerGPUHour: usdPerGPUHour) }
    }

    static func g(_ x: Double) -> String { formatSignificant(x) }

    /// One row of cells per plan, in `columns` order.
    public var rows: [[String]] {
        let peak = result.request.cluster.gpu.peak(.bf16).tera
        return result.plans.map { r in
            let p = r.planned, l = p.layout, e = p.estimate
            let b = budget(p)
            return ["\(l.tp)", "\(l.pp)", "\(l.dp)", "\(l.cp)", "\(l.ep)", "\(l.vpp)", "\(l.zero)", l.recompute.rawValue,
                    "\(l.microBatch)", Self.g(e.stepTime.value), Self.g(e.tokensPerSecondPerGPU), Self.g(e.mfu),
                    Self.g(e.memory.total.gib), p.fits ? "1" : "0",
                    "\(r.rank)", l.recomputeLayers.map(String.init) ?? "", l.sequenceParallel ? "1" : "0", p.offloadOptimizer ? "1" : "0",
                    p.split.layersPerStage.map(String.init).joined(separator: "/"), Self.g(e.mfu * peak),
                    Self.g(r.explanation?.stepTimeDelta.value ?? 0), r.explanation?.dominantTerm ?? "", r.explanation?.text ?? "best",
                    b.map { Self.g($0.days) } ?? "", b.map { Self.g($0.gpuHours) } ?? "", b?.costUSD.map(Self.g) ?? ""]
        }
    }

    /// `{"candidates_evaluated": n, "plans": [...], ...}` with numbers as numbers.
    public var jsonObject: [String: Any] {
        let ints: Set<String> = ["tp", "pp", "dp", "cp", "ep", "vpp", "zero", "micro_batch", "rank", "recompute_layers"]
        let bools: Set<String> = ["fits", "sequence_parallel", "offload_optimizer"]
        let strings: Set<String> = ["recompute", "dominant_term", "why", "layers_per_stage"]
        let plans: [[String: Any]] = zip(result.plans, rows).map { plan, row in
            var o: [String: Any] = [:]
            for (k, v) in zip(Self.columns, row) {
                if v.isEmpty { o[k] = NSNull() }
                else if bools.contains(k) { o[k] = v == "1" }
                else if ints.contains(k) { o[k] = Int(v) ?? NSNull() }
                else if strings.contains(k) { o[k] = v }
                else { o[k] = Double(v) ?? NSNull() }
            }
            o["layers_per_stage"] = plan.planned.split.layersPerStage
            let e = plan.planned.estimate
            o["time_breakdown_s"] = Dictionary(uniqueKeysWithValues: e.time.terms.map { ($0.name, Double(Self.g($0.time.value)) ?? 0) })
            o["memory_breakdown_gib"] = Dictionary(uniqueKeysWithValues: e.memory.terms.map { ($0.name, Double(Self.g($0.bytes.gib)) ?? 0) })
            return o
        }
        let r = result.request
        return ["candidates_evaluated": result.candidatesEvaluated, "search_space": result.searchSpaceSize,
                "fitting": result.fittingCount, "ranked_by": result.rankedBy, "notes": result.notes,
                "model": r.model.name, "gpu": r.cluster.gpu.name, "num_gpus": r.cluster.totalGPUs,
                "seq_len": r.seqLen, "global_batch": r.globalBatch, "kernel_source": result.best.planned.estimate.kernelSource,
                "plans": plans]
    }

    /// The readable report: a header, the ranked table, why each plan loses, the budget.
    public func text(renderTable: (_ header: [String], _ rows: [[String]]) -> String) -> String {
        let r = result.request
        let peak = r.cluster.gpu.peak(.bf16).tera
        var out: [String] = []
        out.append("orrery plan: \(r.model.name) (\(String(format: "%.2f", Double(r.model.parameterCount) / 1e9))B parameters) on "
                   + "\(r.cluster.nodes) × \(r.cluster.gpusPerNode) \(r.cluster.gpu.name) (\(r.cluster.totalGPUs) GPUs)")
        out.append("  seq \(r.seqLen), global batch \(r.globalBatch) sequences (\(Self.g(Double(r.tokensPerStep) / 1e6))M tokens per step), "
                   + "\(r.precision.rawValue), \(r.optimizer.rawValue); memory usable per GPU "
                   + String(format: "%.1f GiB", MemoryBudget.usablePeak(gpu: r.cluster.gpu, reserve: r.memoryReserve).gib))
        out.append("  ranked by \(result.rankedBy); \(result.candidatesEvaluated) candidates evaluated, "
                   + "\(result.searchSpaceSize) layouts in the search space, \(result.fittingCount) fit")
        out.append("  kernel times: \(result.best.planned.estimate.kernelSource)")
        for n in result.notes { out.append("  note: \(n)") }
        out.append("")
        let header = ["#", "tp", "pp", "dp", "cp", "ep", "vpp", "zero", "recompute", "mb", "stages", "offload",
                      "step s", "tokens/s/GPU", "TFLOP/s", "MFU %", "mem GiB", "vs #1"]
        let rows: [[String]] = result.plans.map { plan in
            let p = plan.planned, l = p.layout, e = p.estimate
            let stages = l.pp == 1 ? "-" : (p.split.isEven ? "\(p.split.middle)×\(l.pp)" : "\(p.split.first)/\(p.split.middle)/\(p.split.last)")
            let vs = plan.explanation.map { String(format: "+%.1f%%", 100 * $0.stepTimeDelta.value / result.best.planned.stepTime.value) } ?? "best"
            return ["\(plan.rank)", "\(l.tp)\(l.sequenceParallel ? "+sp" : "")", "\(l.pp)", "\(l.dp)", "\(l.cp)", "\(l.ep)", "\(l.vpp)",
                    "\(l.zero)", p.recomputeDescription, "\(l.microBatch)", stages, p.offloadOptimizer ? "yes" : "no",
                    String(format: "%.3f", e.stepTime.value), String(format: "%.0f", e.tokensPerSecondPerGPU),
                    String(format: "%.0f", e.mfu * peak), String(format: "%.1f", 100 * e.mfu), String(format: "%.1f", e.memory.total.gib), vs]
        }
        out.append(renderTable(header, rows).trimmingCharacters(in: .newlines))
        out.append("")
        let best = result.best.planned
        let terms = best.estimate.time.terms.filter { $0.time.value > 0 }
            .map { "\($0.name) \(String(format: "%.0f", $0.time.milliseconds)) ms" }.joined(separator: ", ")
        out.append("  #1 step: \(terms)")
        for plan in result.plans.dropFirst() {
            if let why = plan.explanation { out.append("  #\(plan.rank) loses by \(why.text)") }
        }
        if let b = budget(best) {
            let tokens = b.tokens >= 1e12 ? "\(Self.g(b.tokens / 1e12))T" : "\(Self.g(b.tokens / 1e9))B"
            var line = String(format: "  training on %@ tokens with #1: %.1f days on %d GPUs, %.0f GPU-hours", tokens, b.days, b.gpus, b.gpuHours)
            if let cost = b.costUSD, let price = usdPerGPUHour { line += String(format: ", $%.0f at $%@/GPU-hour", cost, Self.g(price)) }
            out.append(line)
        }
        out.append("  not modelled: per-layer tensor-parallel degrees (all layers share tp); uneven splits only as first/last-stage layer counts; offload timed without overlap")
        return out.joined(separator: "\n") + "\n"
    }
}
