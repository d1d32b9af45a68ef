import ArgumentParser
import Foundation
import OrreryCore

/// The scenario flags shared by the commands that take one scenario (`orrery scenario`,
/// `orrery estimate`, …): `--scenario FILE` plus one flag per field. Flags override the
/// file's values; `resolve()` fills the defaults and validates.
struct ScenarioOptions: ParsableArguments {
    @Option(name: .customLong("scenario"), help: ArgumentHelp("Scenario YAML file (see Scenarios/).", valueName: "file"))
    var scenarioFile: String?

    @Option(help: ArgumentHelp("Catalog model name, or a Hugging Face config.json.", valueName: "name|config.json"))
    var model: String?

    @Option(help: ArgumentHelp("GPU kind (with --num-gpus when no --cluster is given).", valueName: "name"))
    var gpu: String?

    @Option(help: ArgumentHelp("Cluster preset.", valueName: "preset"))
    var cluster: String?

    @Option(parsing: .unconditional, help: "Nodes of the cluster.")
    var nodes: Int?

    @Option(name: .customLong("num-gpus"), parsing: .unconditional, help: "GPUs in all.")
    var numGPUs: Int?

    @Option(name: .customLong("gpus-per-node"), parsing: .unconditional, help: "GPUs per node (default 8).")
    var gpusPerNode: Int?

    @Option(parsing: .unconditional, help: "Tensor-parallel size.") var tp: Int?
    @Option(parsing: .unconditional, help: "Pipeline-parallel size.") var pp: Int?
    @Option(parsing: .unconditional, help: "Data-parallel size (default: GPUs / (tp·pp·cp)).") var dp: Int?
    @Option(parsing: .unconditional, help: "Context-parallel size.") var cp: Int?
    @Option(parsing: .unconditional, help: "Expert-parallel size.") var ep: Int?
    @Option(parsing: .unconditional, help: "Virtual pipeline stages per rank.") var vpp: Int?
    @Option(parsing: .unconditional, help: "ZeRO stage 0…3.") var zero: Int?

    @Option(help: ArgumentHelp("Activation recomputation: none, selective or full.", valueName: "policy"))
    var recompute: String?

    @Flag(name: .customLong("sequence-parallel"), inversion: .prefixedNo,
          help: "Megatron sequence parallelism in tensor-parallel regions (with --tp > 1).")
    var sequenceParallel: Bool?

    @Option(name: .customLong("seq-len"), parsing: .unconditional, help: "Tokens per sequence (default 2048).")
    var seqLen: Int?

    @Option(name: .customLong("global-batch"), parsing: .unconditional, help: "Sequences per step (default dp·micro-batch).")
    var globalBatch: Int?

    @Option(name: .customLong("micro-batch"), parsing: .unconditional, help: "Sequences per micro-batch (default 1).")
    var microBatch: Int?

    @Option(help: ArgumentHelp("bf16, amp-bf16, bf16-mixed or fp8.", valueName: "mode"))
    var precision: String?

    @Option(help: ArgumentHelp("adamw or sgd.", valueName: "name"))
    var optimizer: String?

    @Option(help: ArgumentHelp("What to estimate: step, layer, prefill or decode.", valueName: "scope"))
    var scope: String?

    @Option(name: .customLong("prompt-len"), help: ArgumentHelp("Prompt tokens (prefill).", valueName: "n"))
    var promptLen: String?

    @Option(name: .customLong("context-len"), parsing: .unconditional, help: "Tokens in the KV cache (decode).")
    var contextLen: Int?

    @Option(name: .customLong("q"), parsing: .unconditional, help: "Tokens scored per sequence per decode step (default 1).")
    var q: Int?

    /// The flags given, as (flag, scenario key path, edit).
    private var overrides: [(flag: String, keyPath: String, apply: (inout ScenarioFile) -> Void)] {
        var list: [(String, String, (inout ScenarioFile) -> Void)] = []
        func add<T>(_ value: T?, _ flag: String, _ keyPath: String, _ apply: @escaping (inout ScenarioFile, T) -> Void) {
            if let value { list.append((flag, keyPath, { apply(&$0, value) })) }
        }
        add(model, "--model", "model") { $0.model = .named($1) }
        add(cluster, "--cluster", "cluster") { $0.setCluster(preset: $1) }
        add(nodes, "--nodes", "cluster.nodes") { $0.setNodes($1) }
        add(gpu, "--gpu", "gpu") { $0.setGPU($1) }
        add(numGPUs, "--num-gpus", "num_gpus") { $0.setNumGPUs($1) }
        add(gpusPerNode, "--gpus-per-node", "gpus_per_node") { $0.setGPUsPerNode($1) }
        add(tp, "--tp", "parallel.tp") { f, v in f.editParallel { $0.tp = v } }
        add(pp, "--pp", "parallel.pp") { f, v in f.editParallel { $0.pp = v } }
        add(dp, "--dp", "parallel.dp") { f, v in f.editParallel { $0.dp = v } }
        add(cp, "--cp", "parallel.cp") { f, v in f.editParallel { $0.cp = v } }
        add(ep, "--ep", "parallel.ep") { f, v in f.editParallel { $0.ep = v } }
        add(vpp, "--vpp", "parallel.vpp") { f, v in f.editParallel { $0.vpp = v } }
        add(zero, "--zero", "parallel.zero") { f, v in f.editParallel { $0.zero = v } }
        add(recompute, "--recompute", "parallel.recompute") { f, v in f.editParallel { $0.recompute = v } }
        add(sequenceParallel, "--sequence-parallel", "parallel.sequence_parallel") { f, v in f.editParallel { $0.sequenceParallel = v } }
        add(seqLen, "--seq-len", "seq_len") { $0.seqLen = $1 }
        add(globalBatch, "--global-batch", "batch.global") { f, v in f.editBatch { $0.global = v } }
        add(microBatch, "--micro-batch", "batch.micro") { f, v in f.editBatch { $0.micro = v } }
        add(precision, "--precision", "precision") { $0.precision = $1 }
        add(optimizer, "--optimizer", "optimizer") { $0.optimizer = $1 }
        add(scope, "--scope", "workload.scope") { f, v in f.editWorkload { $0.scope = v } }
        add(promptLen, "--prompt-len", "workload.prompt_len") { f, v in f.editWorkload { $0.promptLen = v } }
        add(contextLen, "--context-len", "workload.context_len") { f, v in f.editWorkload { $0.contextLen = v } }
        add(q, "--q", "workload.q") { f, v in f.editWorkload { $0.q = v } }
        return list
    }

    /// Whether any scenario flag (other than `--scenario`) was given.
    var hasOverrides: Bool { !overrides.isEmpty }

    /// The scenario file (if any) with the flags applied, not yet resolved.
    func document() throws -> ScenarioDocument {
        var document = try scenarioFile.map(ScenarioLoader.document(path:)) ?? ScenarioDocument(file: ScenarioFile())
        for override in overrides {
            override.apply(&document.file)
            document.setOrigin(override.keyPath, override.flag)
        }
        // A config path given on the command line is relative to the current directory,
        // not to the scenario file's folder.
        if let model, document.baseDirectory != nil, !model.hasPrefix("/"), model.hasSuffix(".json") || model.contains("/") {
            document.file.model = .named(FileManager.default.currentDirectoryPath + "/" + model)
        }
        return document
    }

    /// The effective scenario: file, then flags, then defaults; validated.
    func resolve(explicitPipelineSplit: Bool = false) throws -> Scenario {
        try document().resolve(explicitPipelineSplit: explicitPipelineSplit)
    }
}
