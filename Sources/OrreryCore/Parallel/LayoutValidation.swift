/// Rules a scenario's layout must satisfy to run at all. Each violation is an
/// `OrreryError` whose field is the scenario key path (`parallel.tp`) and whose message
/// names the values and the rule ("tp = 3 does not divide heads = 32").
///
/// The rules (sources: Megatron-LM `TransformerConfig.__post_init__`,
/// `megatron/training/arguments.py`, `ColumnParallelLinear`; vLLM `QKVParallelLinear`):
/// - every axis, batch size and length is a positive integer ≤ 2^24; zero ∈ 0…3;
/// - model: heads and kv_heads positive, heads % kv_heads == 0, 1 ≤ top_k ≤ experts;
/// - tp divides heads ("num_attention_heads must be a multiple of tensor_model_parallel_size")
///   and ffn_hidden (and the expert width): each rank holds an equal shard;
/// - GQA, training scopes (step, layer): tp divides kv_heads — Megatron's rule
///   ("num_query_groups must be a multiple of tensor_model_parallel_size"; no replication);
///   inference scopes (prefill, decode): tp divides kv_heads or kv_heads divides tp —
///   vLLM replicates each KV head on tp / kv_heads ranks when tp > kv_heads;
/// - pp ≤ layers and layers % (pp·vpp) == 0 (Megatron: layers split evenly over stages,
///   each stage's layers evenly over its virtual chunks); vpp > 1 requires pp > 1;
/// - cp > 1: the split sequence (seq_len; prompt_len for prefill) is divisible by 2·cp —
///   load-balanced causal context parallelism cuts each sequence into 2·cp chunks and
///   gives rank i chunks i and 2·cp − 1 − i (Megatron-LM / Transformer Engine);
/// - sequence_parallel: seq_len % (cp·tp) == 0 (activations are scattered over tp);
/// - ep > 1 needs a mixture-of-experts model, ep divides experts and dp·cp (Megatron
///   carves the expert-parallel group out of the data×context ranks, expert TP = tp);
/// - global_batch % (dp·micro_batch) == 0 (Megatron: "global batch size is not divisible
///   by micro batch size times data parallel size");
/// - learned positions (gpt family, max_positions > 0): the longest position fits the
///   table (seq_len; prompt_len for prefill; context_len + q for decode);
/// - recompute_layers needs recompute = full and 1 ≤ recompute_layers ≤ layers / pp;
/// - precision fp8 needs a GPU with an fp8 peak;
/// - scope step only: tp·pp·dp·cp equals the cluster's GPU count. Scopes layer, prefill
///   and decode are single-GPU estimates (tensor parallelism emulated by sharding), so the
///   world size is not checked against the cluster for them.
public enum LayoutValidation {
    /// Throws the first violated rule. With `explicitPipelineSplit` the caller gives each
    /// virtual stage its layer count, so layers need not divide by pp·vpp.
    public static func validate(_ scenario: Scenario, explicitPipelineSplit: Bool = false) throws {
        if let first = violations(of: scenario, explicitPipelineSplit: explicitPipelineSplit).first { throw first }
    }

    /// Every violated rule, in the order listed above. Divisibility rules are skipped when
    /// a value they divide by is not positive (that is reported instead).
    public static func violations(of s: Scenario, explicitPipelineSplit: Bool = false) -> [OrreryError] {
        var errors: [OrreryError] = []
        let m = s.model, l = s.layout
        let scope = s.workload.scope ?? .step

        func positive(_ value: Int, _ field: String) {
            if value < 1 { errors.append(.invalidValue(field: field, value: "\(value)", allowed: "a positive integer")) }
        }
        for (value, field) in [(l.tp, "parallel.tp"), (l.pp, "parallel.pp"), (l.dp, "parallel.dp"), (l.cp, "parallel.cp"),
                               (l.ep, "parallel.ep"), (l.vpp, "parallel.vpp"), (l.microBatch, "batch.micro"),
                               (l.globalBatch, "batch.global"), (s.seqLen, "seq_len"),
                               (m.layers, "model.layers"), (m.hidden, "model.hidden"), (m.ffnHidden, "model.ffn_hidden"),
                               (m.heads, "model.heads"), (m.kvHeads, "model.kv_heads"), (m.headDim, "model.head_dim"),
                               (m.vocab, "model.vocab"), (s.cluster.nodes, "cluster.nodes"),
                               (s.cluster.gpusPerNode, "cluster.gpus_per_node")] {
            positive(value, field)
        }
        if let q = s.workload.tokensPerDecode { positive(q, "workload.q") }
        if let c = s.workload.contextLen { positive(c, "workload.context_len") }
        if !(0...3).contains(l.zero) {
            errors.append(.invalidValue(field: "parallel.zero", value: "\(l.zero)",
                                        allowed: "0, 1, 2 or 3 (ZeRO stage; 3 = full sharding as in FSDP)"))
        }
        if let moe = m.moe {
            positive(moe.experts, "model.experts")
            positive(moe.expertFFNHidden, "model.expert_ffn_hidden")
            positive(moe.layerFrequency, "model.moe_layer_frequency")
            if moe.topK < 1 || moe.topK > moe.experts {
                errors.append(.invalidValue(field: "model.top_k", value: "\(moe.topK)", allowed: "1 … experts = \(moe.experts)"))
            }
        }
        var promptLen: Int?
        if scope == .prefill {
            if let text = s.workload.promptLen, let n = Int(text), n > 0 {
                promptLen = n
            } else {
                errors.append(.invalidValue(field: "workload.prompt_len", value: s.workload.promptLen ?? "(missing)",
                                            allowed: "a positive integer for scope prefill"))
            }
        }
        for (value, field) in [(l.tp, "parallel.tp"), (l.pp, "parallel.pp"), (l.dp, "parallel.dp"), (l.cp, "parallel.cp"),
                               (l.ep, "parallel.ep"), (l.vpp, "parallel.vpp"), (l.microBatch, "batch.micro"),
                               (l.globalBatch, "batch.global"), (s.seqLen, "seq_len"), (s.cluster.nodes, "cluster.nodes"),
                               (s.cluster.gpusPerNode, "cluster.gpus_per_node"), (s.workload.contextLen ?? 1, "workload.context_len"),
                               (s.workload.tokensPerDecode ?? 1, "workload.q")] where value > ScenarioFile.maxInteger {
            errors.append(.invalidValue(field: field, value: "\(value)", allowed: "a positive integer ≤ \(ScenarioFile.maxInteger)"))
        }
        // Sizes far beyond any model or GPU: past them the cost model's integer shape
        // products (tokens × width × heads …) would overflow 64 bits.
        for (value, limit, field) in [(m.hidden, 1 << 20, "model.hidden"), (m.ffnHidden, 1 << 22, "model.ffn_hidden"),
                                      (m.heads, 1 << 16, "model.heads"), (m.kvHeads, 1 << 16, "model.kv_heads"),
                                      (m.headDim, 1 << 12, "model.head_dim"), (m.vocab, 1 << 24, "model.vocab"),
                                      (m.layers, 1 << 16, "model.layers"), (m.moe?.experts ?? 1, 1 << 14, "model.experts"),
                                      (m.moe?.expertFFNHidden ?? 1, 1 << 22, "model.expert_ffn_hidden")] where value > limit {
            errors.append(.invalidValue(field: field, value: "\(value)", allowed: "at most \(limit)"))
        }
        let tokenLimit = 1 << 27
        let promptTokens = scope == .prefill ? Int(s.workload.promptLen ?? "") ?? s.seqLen : s.seqLen
        let tokensPerMicroBatch = Double(l.microBatch) * Double(scope == .decode ? (s.workload.tokensPerDecode ?? 1) : promptTokens)
        if tokensPerMicroBatch > Double(tokenLimit) {
            errors.append(.rule(field: "batch.micro", rule: "micro_batch × tokens per sequence = \(Int(tokensPerMicroBatch)) exceeds \(tokenLimit) tokens in one pass"))
        }
        if scope == .decode, Double(l.microBatch) * Double(s.workload.contextLen ?? s.seqLen) > Double(1 << 40) {
            errors.append(.rule(field: "workload.context_len", rule: "micro_batch × context_len exceeds \(1 << 40) cached tokens"))
        }
        if errors.isEmpty, ScenarioFile.boundedProduct(l.tp, l.pp, l.dp, l.cp) == nil {
            errors.append(.rule(field: "parallel", rule: "tp·pp·dp·cp exceeds \(ScenarioFile.maxInteger) GPUs"))
        }
        if !errors.isEmpty { return errors }  // the rules below divide and multiply by these values

        // Model shape
        if m.heads % m.kvHeads != 0 {
            errors.append(.rule(field: "model.kv_heads", rule: "kv_heads = \(m.kvHeads) does not divide heads = \(m.heads)"))
        }

        // Tensor parallelism
        if m.heads % l.tp != 0 {
            errors.append(.rule(field: "parallel.tp", rule: "tp = \(l.tp) does not divide heads = \(m.heads)"))
        }
        let training = scope == .step || scope == .layer
        if m.kvHeads % l.tp != 0 {
            if training {
                errors.append(.rule(field: "parallel.tp", rule: "tp = \(l.tp) does not divide kv_heads = \(m.kvHeads) (Megatron-LM shards KV heads over tp without replication)"))
            } else if l.tp % m.kvHeads != 0 {
                errors.append(.rule(field: "parallel.tp", rule: "tp = \(l.tp) and kv_heads = \(m.kvHeads): one must divide the other (vLLM replicates KV heads when tp > kv_heads)"))
            }
        }
        if m.ffnHidden % l.tp != 0 {
            errors.append(.rule(field: "parallel.tp", rule: "tp = \(l.tp) does not divide ffn_hidden = \(m.ffnHidden)"))
        }
        if let moe = m.moe, moe.expertFFNHidden != m.ffnHidden, moe.expertFFNHidden % l.tp != 0 {
            errors.append(.rule(field: "parallel.tp", rule: "tp = \(l.tp) does not divide expert_ffn_hidden = \(moe.expertFFNHidden)"))
        }

        // Pipeline parallelism
        if l.pp > m.layers {
            errors.append(.rule(field: "parallel.pp", rule: "pp = \(l.pp) exceeds layers = \(m.layers)"))
        } else if m.layers % (l.pp * l.vpp) != 0, !explicitPipelineSplit {
            let field = l.vpp > 1 ? "parallel.vpp" : "parallel.pp"
            errors.append(.rule(field: field, rule: "layers = \(m.layers) is not divisible by pp·vpp = \(l.pp)·\(l.vpp) = \(l.pp * l.vpp)"))
        }
        if l.vpp > 1 && l.pp == 1 {
            errors.append(.rule(field: "parallel.vpp", rule: "vpp = \(l.vpp) needs pp > 1 (interleaving splits pipeline stages)"))
        }

        // Context and sequence parallelism
        let splitLength: (value: Int, field: String)? = switch scope {
        case .step, .layer: (s.seqLen, "seq_len")
        case .prefill: promptLen.map { ($0, "prompt_len") }
        case .decode: nil
        }
        if l.cp > 1, let split = splitLength, split.value % (2 * l.cp) != 0 {
            errors.append(.rule(field: "parallel.cp", rule: "\(split.field) = \(split.value) is not divisible by 2·cp = \(2 * l.cp) (load-balanced causal context parallelism splits each sequence into 2·cp chunks)"))
        }
        if l.sequenceParallel, let split = splitLength, split.value % (l.cp * l.tp) != 0 {
            errors.append(.rule(field: "parallel.sequence_parallel", rule: "\(split.field) = \(split.value) is not divisible by cp·tp = \(l.cp)·\(l.tp) (sequence parallelism scatters each context-parallel shard over tp)"))
        }

        // Expert parallelism
        if l.ep > 1 {
            if let moe = m.moe {
                if moe.experts % l.ep != 0 {
                    errors.append(.rule(field: "parallel.ep", rule: "ep = \(l.ep) does not divide experts = \(moe.experts)"))
                }
                if (l.dp * l.cp) % l.ep != 0 {
                    errors.append(.rule(field: "parallel.ep", rule: "ep = \(l.ep) does not divide dp·cp = \(l.dp)·\(l.cp) = \(l.dp * l.cp) (experts are spread over the data×context ranks)"))
                }
            } else {
                errors.append(.rule(field: "parallel.ep", rule: "ep = \(l.ep) needs a mixture-of-experts model; \(m.name) is dense"))
            }
        }

        // Batch
        if l.globalBatch % (l.dp * l.microBatch) != 0 {
            errors.append(.rule(field: "batch.global", rule: "batch.global = \(l.globalBatch) is not a multiple of dp·micro_batch = \(l.dp)·\(l.microBatch) = \(l.dp * l.microBatch)"))
        }

        // Learned positions
        if m.family == .gpt, m.maxPositions > 0 {
            let longest: (value: Int, field: String)? = switch scope {
            case .step, .layer: (s.seqLen, "seq_len")
            case .prefill: promptLen.map { ($0, "workload.prompt_len") }
            case .decode: s.workload.contextLen.map { ($0 + (s.workload.tokensPerDecode ?? 1), "workload.context_len") }
            }
            if let longest, longest.value > m.maxPositions {
                let what = scope == .decode ? "context_len + q = \(longest.value)" : "\(longest.field) = \(longest.value)"
                errors.append(.rule(field: longest.field, rule: "\(what) exceeds max_positions = \(m.maxPositions) of \(m.name) (learned position table)"))
            }
        }

        // Recompute
        if let layers = l.recomputeLayers {
            if l.recompute != .full {
                errors.append(.rule(field: "parallel.recompute_layers", rule: "recompute_layers needs recompute = full (it is \(l.recompute.rawValue))"))
            } else if layers < 1 || layers > m.layers / l.pp {
                errors.append(.invalidValue(field: "parallel.recompute_layers", value: "\(layers)", allowed: "1 … layers / pp = \(m.layers / l.pp)"))
            }
        }

        // Precision
        if s.precision == .fp8, s.cluster.gpu.densePeak[.fp8] == nil {
            errors.append(.rule(field: "precision", rule: "precision = fp8 needs fp8 tensor cores; \(s.cluster.gpu.name) has none"))
        }

        // World size (training step only)
        if scope == .step, l.worldSize != s.cluster.totalGPUs {
            errors.append(.rule(field: "num_gpus", rule: "tp·pp·dp·cp = \(l.tp)·\(l.pp)·\(l.dp)·\(l.cp) = \(l.worldSize) but the cluster has \(s.cluster.totalGPUs) GPUs"))
        }
        return errors
    }
}
