import OrreryCore

/// Megatron-LM launch arguments (`pretrain_gpt.py`) for a plan.
///
/// Argument names as defined in Megatron-LM `megatron/training/arguments.py`
/// (NVIDIA/Megatron-LM @000c4ac2 and earlier): --tensor-model-parallel-size,
/// --pipeline-model-parallel-size, --context-parallel-size, --expert-model-parallel-size,
/// --num-layers-per-virtual-pipeline-stage, --decoder-first-pipeline-num-layers /
/// --decoder-last-pipeline-num-layers ("Default None is even split of transformer layers
/// across all pipeline stages"), --sequence-parallel, --recompute-granularity
/// (full|selective), --recompute-method (uniform|block), --recompute-num-layers,
/// --micro-batch-size, --global-batch-size, --use-distributed-optimizer, --use-torch-fsdp2,
/// --bf16, --fp8-format, --seq-length, --max-position-embeddings, --num-layers,
/// --hidden-size, --ffn-hidden-size, --num-attention-heads, --group-query-attention,
/// --num-query-groups, --swiglu, --normalization, --position-embedding-type,
/// --disable-bias-linear, --untie-embeddings-and-output-weights, --num-experts,
/// --moe-router-topk, --moe-ffn-hidden-size. Optimizer offload: Megatron-Core's
/// --optimizer-cpu-offload with --optimizer-offload-fraction (as passed to Megatron by
/// public launchers, e.g. ms-swift's generated argument lists).
public enum MegatronExport {
    public static func render(_ p: PlannedLayout, request r: PlanRequest) -> PlanExportOutput {
        let l = p.layout, m = r.model
        var warnings: [String] = []
        var args: [[String]] = []
        // Model.
        var model = ["--num-layers \(m.layers)", "--hidden-size \(m.hidden)", "--ffn-hidden-size \(m.ffnHidden)",
                     "--num-attention-heads \(m.heads)"]
        if m.kvHeads != m.heads { model += ["--group-query-attention", "--num-query-groups \(m.kvHeads)"] }
        if m.headDim * m.heads != m.hidden { model.append("--kv-channels \(m.headDim)") }
        model += ["--seq-length \(r.seqLen)", "--max-position-embeddings \(max(r.seqLen, m.maxPositions))"]
        if m.family == .llama {
            model += ["--swiglu", "--normalization RMSNorm", "--position-embedding-type rope", "--disable-bias-linear"]
        }
        if !m.tiedEmbeddings { model.append("--untie-embeddings-and-output-weights") }
        if let moe = m.moe {
            model += ["--num-experts \(moe.experts)", "--moe-router-topk \(moe.topK)"]
            if moe.expertFFNHidden != m.ffnHidden { model.append("--moe-ffn-hidden-size \(moe.expertFFNHidden)") }
        }
        args.append(model)
        // Parallelism.
        var par = ["--tensor-model-parallel-size \(l.tp)"]
        if l.sequenceParallel { par.append("--sequence-parallel") }
        par += ["--pipeline-model-parallel-size \(l.pp)", "--context-parallel-size \(l.cp)"]
        if l.ep > 1 { par.append("--expert-model-parallel-size \(l.ep)") }
        if l.vpp > 1 { par.append("--num-layers-per-virtual-pipeline-stage \(m.layers / (l.pp * l.vpp))") }
        if !p.split.isEven {
            par += ["--decoder-first-pipeline-num-layers \(p.split.first)", "--decoder-last-pipeline-num-layers \(p.split.last)"]
        }
        args.append(par)
        // Memory.
        var mem: [String] = []
        switch l.recompute {
        case .none: break
        case .selective: mem.append("--recompute-granularity selective")
        case .full:
            let n = l.recomputeLayers ?? p.split.middle
            // block: the first n layers of each stage are recomputed (what the estimator prices).
            mem += ["--recompute-granularity full", "--recompute-method \(l.recomputeLayers == nil ? "uniform" : "block")",
                    "--recompute-num-layers \(l.recomputeLayers == nil ? 1 : n)"]
        }
        switch l.zero {
        case 0: break
        case 1, 2: mem.append("--use-distributed-optimizer")
        default: mem.append("--use-torch-fsdp2")
        }
        if l.zero == 2 { warnings.append("ZeRO-2 exported as Megatron's distributed optimizer (it shards optimizer states and reduce-scatters gradients)") }
        if p.offloadOptimizer { mem += ["--optimizer-cpu-offload", "--optimizer-offload-fraction 1.0"] }
        args.append(mem)
        // Batch and precision.
        var run = ["--micro-batch-size \(l.microBatch)", "--global-batch-size \(l.globalBatch)", "--bf16"]
        if r.precision == .fp8 { run.append("--fp8-format hybrid") }
        if r.precision == .ampBF16 || r.precision == .bf16 {
            warnings.append("precision \(r.precision.rawValue) has no exact Megatron-LM equivalent; exported as --bf16 (bf16 weights, fp32 main grads and optimizer)")
        }
        if r.optimizer == .sgd { run.append("--optimizer sgd") }
        args.append(run)

        let nodes = r.cluster.nodes
        var lines = [
            "#!/bin/sh",
            "# Orrery plan: \(m.name) on \(r.cluster.totalGPUs) \(r.cluster.gpu.name) (\(nodes) nodes × \(r.cluster.gpusPerNode))",
            "# tp \(l.tp) pp \(l.pp) dp \(l.dp) cp \(l.cp) ep \(l.ep) vpp \(l.vpp) zero \(l.zero), recompute \(p.recomputeDescription)"
                + (p.split.isEven ? "" : ", layers per stage \(p.split.first)/\(p.split.middle)×\(p.split.stages - 2)/\(p.split.last)"),
            "# Data, tokenizer (vocab \(m.vocab)), optimizer and schedule arguments are yours to add.",
            "torchrun --nproc-per-node \(r.cluster.gpusPerNode) --nnodes \(nodes) pretrain_gpt.py \\",
        ]
        let flat = args.filter { !$0.isEmpty }
        for (i, group) in flat.enumerated() {
            lines.append("    " + group.joined(separator: " ") + (i == flat.count - 1 ? " \"$@\"" : " \\"))
        }
        return PlanExportOutput(text: lines.joined(separator: "\n") + "\n", warnings: warnings)
    }
}
