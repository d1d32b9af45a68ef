import OrreryCore

/// A torchtitan job TOML for a plan.
///
/// Section and key names from torchtitan `torchtitan/config/job_config.py`
/// (pytorch/torchtitan @000204a4): [training] local_batch_size ("per-device batch size"),
/// global_batch_size ("defaults to local_batch_size * data-parallel degree"; larger values
/// accumulate gradients), seq_len, mixed_precision_param, enable_cpu_offload; [parallelism]
/// data_parallel_replicate_degree, data_parallel_shard_degree, fsdp_reshard_after_forward,
/// tensor_parallel_degree, pipeline_parallel_degree, pipeline_parallel_schedule,
/// pipeline_parallel_split_points, pipeline_parallel_microbatch_size,
/// context_parallel_degree, expert_parallel_degree; [activation_checkpoint] mode
/// ("selective" | "full" | "none"), selective_ac_option ("op", or an integer n: every
/// n-th layer).
///
/// ZeRO mapping: torchtitan shards with FSDP2. zero 0 → replicate (DDP); zero 3 → shard
/// with reshard after forward; zero 1 and 2 → shard with `fsdp_reshard_after_forward =
/// "never"` (parameters stay gathered between forward and backward, as in ZeRO-2).
public enum TorchtitanExport {
    public static func render(_ p: PlannedLayout, request r: PlanRequest) -> PlanExportOutput {
        let l = p.layout, m = r.model
        var warnings: [String] = []
        var lines = [
            "# Orrery plan: \(m.name) on \(r.cluster.totalGPUs) \(r.cluster.gpu.name)",
            "# tp \(l.tp) pp \(l.pp) dp \(l.dp) cp \(l.cp) ep \(l.ep) vpp \(l.vpp) zero \(l.zero), recompute \(p.recomputeDescription)",
            "# Model, tokenizer, data and optimizer sections are yours to add.",
            "",
            "[training]",
            // With pipelining the local batch is split into micro-batches; without it
            // torchtitan accumulates gradients over global / (local · dp) steps.
            "local_batch_size = \(l.pp > 1 ? l.globalBatch / max(l.dp, 1) : l.microBatch)",
            "global_batch_size = \(l.globalBatch)",
            "seq_len = \(r.seqLen)",
            "mixed_precision_param = \"\(r.precision == .ampBF16 ? "float32" : "bfloat16")\"",
        ]
        if p.offloadOptimizer {
            lines.append("enable_cpu_offload = true")
            warnings.append("torchtitan's enable_cpu_offload moves parameters and gradients to the host as well as optimizer states (more than Orrery priced)")
        }
        lines += ["", "[parallelism]"]
        let replicate = l.zero == 0 ? l.dp : 1
        let shard = l.zero == 0 ? 1 : l.dp
        lines += ["data_parallel_replicate_degree = \(replicate)", "data_parallel_shard_degree = \(shard)"]
        if l.zero == 1 || l.zero == 2 { lines.append("fsdp_reshard_after_forward = \"never\"") }
        if l.zero == 1 { warnings.append("torchtitan has no ZeRO-1; exported as FSDP2 without resharding after forward (ZeRO-2-like)") }
        lines += ["tensor_parallel_degree = \(l.tp)", "context_parallel_degree = \(l.cp)", "pipeline_parallel_degree = \(l.pp)"]
        if l.pp > 1 {
            lines.append("pipeline_parallel_schedule = \"\(l.vpp > 1 ? "Interleaved1F1B" : "1F1B")\"")
            lines.append("pipeline_parallel_microbatch_size = \(l.microBatch)")
            lines.append("pipeline_parallel_split_points = [\(splitPoints(p).map { "\"layers.\($0)\"" }.joined(separator: ", "))]")
        }
        if l.ep > 1 { lines.append("expert_parallel_degree = \(l.ep)") }
        lines += ["", "[activation_checkpoint]"]
        switch l.recompute {
        case .none: lines.append("mode = \"none\"")
        case .selective: lines += ["mode = \"selective\"", "selective_ac_option = \"op\""]
        case .full:
            if let n = l.recomputeLayers {
                let every = max(1, Int((Double(p.split.middle) / Double(n)).rounded()))
                lines += ["mode = \"selective\"", "selective_ac_option = \"\(every)\""]
                warnings.append("full recomputation of \(n) of \(p.split.middle) layers per stage exported as torchtitan's every-\(every)-th-layer checkpointing (the nearest it offers)")
            } else {
                lines.append("mode = \"full\"")
            }
        }
        return PlanExportOutput(text: lines.joined(separator: "\n") + "\n", warnings: warnings)
    }

    /// First layer index of every (virtual) stage after the first.
    static func splitPoints(_ p: PlannedLayout) -> [Int] {
        let l = p.layout
        if l.vpp > 1 {
            let perChunk = p.split.middle / l.vpp
            return (1..<(l.pp * l.vpp)).map { $0 * perChunk }
        }
        var points: [Int] = []
        var at = 0
        for n in p.split.layersPerStage.dropLast() {
            at += n
            points.append(at)
        }
        return points
    }
}
