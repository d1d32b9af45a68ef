import Foundation

/// The defaults a scenario takes for what it leaves out (DESIGN.md, batch-estimate contract).
public enum ScenarioDefaults {
    public static let seqLen = 2048
    public static let gpu = "h100-sxm"
    public static let gpusPerNode = 8
    public static let nicLink = "ib-ndr"
    /// Precision when none is given: Megatron-style `bf16-mixed` for a training step,
    /// plain `bf16` for the single-GPU layer / prefill / decode scopes.
    public static func precision(for scope: EstimateScope) -> PrecisionMode {
        scope == .step ? .bf16Mixed : .bf16
    }
}

extension ScenarioFile {
    /// Fills the defaults, looks up the model, GPU and cluster, and validates the result
    /// (`LayoutValidation`).
    ///
    /// Defaults: scope `step`; `seq_len` 2048; `gpu` h100-sxm; `gpus_per_node` 8; tp, pp,
    /// cp, ep, vpp 1; zero 0; recompute none; micro-batch 1; `dp` = num_gpus / (tp·pp·cp)
    /// for scope step and 1 for the single-GPU scopes; `num_gpus` (with no cluster) =
    /// tp·pp·dp·cp; global batch = dp·micro; precision `bf16-mixed` for step, `bf16`
    /// otherwise; optimizer adamw; `prompt_len` (prefill) and `context_len` (decode) =
    /// seq_len; q = 1 for decode.
    /// - Parameter baseDirectory: where a relative `config.json` path starts.
    /// - Parameter explicitPipelineSplit: the caller places layers on virtual stages itself
    ///   (`orrery simulate --layers-per-stage`), so layers need not divide by pp·vpp.
    /// - Throws: `OrreryError` naming the field by its key path (`parallel.tp`).
    public func resolve(baseDirectory: String? = nil, explicitPipelineSplit: Bool = false) throws -> Scenario {
        try resolve(baseDirectory: baseDirectory, cache: ScenarioResolutionCache(), explicitPipelineSplit: explicitPipelineSplit)
    }

    func resolve(baseDirectory: String?, cache: ScenarioResolutionCache, explicitPipelineSplit: Bool = false) throws -> Scenario {
        let workload = self.workload ?? WorkloadSection()
        let scope = try Self.choice(workload.scope, "workload.scope", EstimateScope.self) ?? .step
        let seqLen = try Self.positive(seqLen, "seq_len") ?? ScenarioDefaults.seqLen

        // Model
        guard let modelSource = model else {
            throw OrreryError.invalidValue(field: "model", value: "(missing)",
                                           allowed: "a catalog name, a path to a Hugging Face config.json, or a mapping {arch, layers, hidden, heads, …}")
        }
        let architecture: ModelArchitecture
        switch modelSource {
        case let .named(text):
            architecture = try cache.model(text, baseDirectory: baseDirectory)
        case let .inline(inline):
            architecture = try inline.architecture(seqLen: seqLen)
        }

        // Layout axes
        let p = parallel ?? ParallelSection()
        let tp = try Self.positive(p.tp, "parallel.tp") ?? 1
        let pp = try Self.positive(p.pp, "parallel.pp") ?? 1
        let cp = try Self.positive(p.cp, "parallel.cp") ?? 1
        let ep = try Self.positive(p.ep, "parallel.ep") ?? 1
        let vpp = try Self.positive(p.vpp, "parallel.vpp") ?? 1
        let dpGiven = try Self.positive(p.dp, "parallel.dp")
        guard let defaultNumGPUs = Self.boundedProduct(tp, pp, cp, dpGiven ?? 1) else {
            throw OrreryError.rule(field: "parallel", rule: "tp·pp·dp·cp exceeds \(Self.maxInteger) GPUs")
        }
        let zero = p.zero ?? 0
        let recompute = try Self.choice(p.recompute, "parallel.recompute", Recompute.self) ?? .none
        let micro = try Self.positive(batch?.micro, "batch.micro") ?? 1
        let globalGiven = try Self.positive(batch?.global, "batch.global")
        let numGPUsGiven = try Self.positive(numGPUs, "num_gpus")

        // Cluster
        let cluster = try resolveCluster(defaultNumGPUs: defaultNumGPUs, cache: cache)
        guard Self.boundedProduct(cluster.nodes, cluster.gpusPerNode) != nil else {
            throw OrreryError.rule(field: "cluster.nodes", rule: "nodes·gpus_per_node = \(cluster.nodes)·\(cluster.gpusPerNode) exceeds \(Self.maxInteger) GPUs")
        }
        if let numGPUsGiven, numGPUsGiven != cluster.totalGPUs {
            throw OrreryError.rule(field: "num_gpus", rule: "num_gpus = \(numGPUsGiven) but cluster \(cluster.name) has \(cluster.totalGPUs) GPUs")
        }
        let dp: Int
        if let dpGiven {
            dp = dpGiven
        } else if scope == .step {
            let modelParallel = tp * pp * cp
            guard cluster.totalGPUs % modelParallel == 0 else {
                throw OrreryError.rule(field: "num_gpus", rule: "num_gpus = \(cluster.totalGPUs) is not a multiple of tp·pp·cp = \(tp)·\(pp)·\(cp) = \(modelParallel), so dp cannot be derived; set parallel.dp or change the layout")
            }
            dp = cluster.totalGPUs / modelParallel
        } else {
            dp = 1  // layer / prefill / decode run on one GPU
        }

        let layout = ParallelLayout(
            tp: tp, pp: pp, dp: dp, cp: cp, ep: ep, vpp: vpp, zero: zero, recompute: recompute,
            recomputeLayers: p.recomputeLayers, sequenceParallel: p.sequenceParallel ?? false,
            microBatch: micro, globalBatch: globalGiven ?? dp * micro)

        let precision = try Self.choice(self.precision, "precision", PrecisionMode.self) ?? ScenarioDefaults.precision(for: scope)
        let optimizer = try Self.choice(self.optimizer, "optimizer", OptimizerKind.self) ?? .adamw

        let spec = WorkloadSpec(
            trainingTokens: try Self.nonNegative(workload.trainingTokens, "workload.training_tokens"),
            dollarsPerGPUHour: try Self.nonNegative(workload.dollarsPerGPUHour, "workload.dollars_per_gpu_hour"),
            scope: scope,
            promptLen: workload.promptLen?.trimmingSpaces ?? (scope == .prefill ? String(seqLen) : nil),
            outputLen: workload.outputLen?.trimmingSpaces,
            contextLen: try Self.positive(workload.contextLen, "workload.context_len") ?? (scope == .decode ? seqLen : nil),
            tokensPerDecode: try Self.positive(workload.q, "workload.q") ?? (scope == .decode ? 1 : nil),
            rateQPS: try Self.nonNegative(workload.rateQPS, "workload.rate_qps"),
            durationS: try Self.nonNegative(workload.durationS, "workload.duration_s"),
            seed: workload.seed)

        let scenario = Scenario(
            name: name ?? "\(architecture.name) on \(cluster.name)", model: architecture, cluster: cluster,
            layout: layout, seqLen: seqLen, precision: precision, optimizer: optimizer, workload: spec)
        try LayoutValidation.validate(scenario, explicitPipelineSplit: explicitPipelineSplit)
        return scenario
    }

    /// The cluster: a preset (optionally with a node count), a custom mapping, or the
    /// generic cluster of `num_gpus` (default `defaultNumGPUs`) GPUs of kind `gpu`.
    private func resolveCluster(defaultNumGPUs: Int, cache: ScenarioResolutionCache) throws -> ClusterSpec {
        let topGPU = try gpu.map { try cache.gpu($0) }
        let topPerNode = try Self.positive(gpusPerNode, "gpus_per_node")
        let numGPUs = try Self.positive(numGPUs, "num_gpus")

        var mapping: ClusterMapping
        switch cluster {
        case .none:
            let gpuSpec = try topGPU ?? cache.gpu(ScenarioDefaults.gpu)
            return try cache.generic(gpu: gpuSpec, numGPUs: numGPUs ?? defaultNumGPUs,
                                     gpusPerNode: topPerNode ?? ScenarioDefaults.gpusPerNode)
        case let .preset(name):
            mapping = ClusterMapping(preset: name)
        case let .spec(m):
            mapping = m
        }
        let nodes = try Self.positive(mapping.nodes, "cluster.nodes")

        if let presetName = mapping.preset {
            for (key, value) in [("gpu", mapping.gpu as Any?), ("gpus_per_node", mapping.gpusPerNode), ("nics", mapping.nics),
                                 ("nic_gbps", mapping.nicGbps), ("nic_link", mapping.nicLink)] where value != nil {
                throw OrreryError.rule(field: "cluster.\(key)", rule: "cluster.\(key) cannot be combined with cluster.preset = \(presetName) (a preset fixes its node; only nodes may change)")
            }
            let preset = try ClusterCatalog.cluster(named: presetName)
            var nodeCount = nodes
            if nodeCount == nil, let numGPUs {
                guard numGPUs % preset.gpusPerNode == 0 else {
                    throw OrreryError.rule(field: "num_gpus", rule: "num_gpus = \(numGPUs) is not a multiple of the \(preset.name) node size \(preset.gpusPerNode)")
                }
                nodeCount = numGPUs / preset.gpusPerNode
            }
            if let topGPU, topGPU.name != preset.gpu.name {
                throw OrreryError.rule(field: "gpu", rule: "gpu = \(topGPU.name) but cluster \(preset.name) has \(preset.gpu.name) GPUs; give one of them")
            }
            return nodeCount.map { preset.with(nodes: $0) } ?? preset
        }

        // Custom cluster
        let mappedGPU = try mapping.gpu.map { try cache.gpu($0) }
        if let mappedGPU, let topGPU, mappedGPU.name != topGPU.name {
            throw OrreryError.rule(field: "cluster.gpu", rule: "cluster.gpu = \(mappedGPU.name) but gpu = \(topGPU.name); give one of them")
        }
        let gpuSpec = try mappedGPU ?? topGPU ?? cache.gpu(ScenarioDefaults.gpu)
        let perNode = try Self.positive(mapping.gpusPerNode, "cluster.gpus_per_node") ?? topPerNode ?? ScenarioDefaults.gpusPerNode
        let nodeCount: Int
        if let nodes {
            nodeCount = nodes
        } else {
            let total = numGPUs ?? defaultNumGPUs
            guard total % perNode == 0 else {
                throw OrreryError.rule(field: "num_gpus", rule: "num_gpus = \(total) is not a multiple of gpus_per_node = \(perNode); set cluster.nodes")
            }
            nodeCount = max(1, total / perNode)
        }
        if let nicGbps = mapping.nicGbps, !(nicGbps > 0 && nicGbps <= 1e6) {
            throw OrreryError.invalidValue(field: "cluster.nic_gbps", value: "\(nicGbps)", allowed: "a line rate in Gb/s, > 0 and ≤ 1000000")
        }
        let nicLink = mapping.nicLink ?? ScenarioDefaults.nicLink
        let nicGbps = try mapping.nicGbps ?? HardwareCatalog.link(named: nicLink).bandwidthPerDirection.value * 8 / 1e9
        return try ClusterCatalog.custom(gpu: gpuSpec, nodes: nodeCount, gpusPerNode: perNode,
                                         nicsPerNode: try Self.positive(mapping.nics, "cluster.nics") ?? perNode, nicGbps: nicGbps, nicLink: nicLink)
    }

    // MARK: Field helpers

    /// The largest integer any field takes (2^24 = 16,777,216): far above any real layout,
    /// and small enough that products of two fields cannot overflow `Int`.
    public static let maxInteger = 1 << 24

    static func positive(_ value: Int?, _ field: String) throws -> Int? {
        guard let value else { return nil }
        guard value > 0 else { throw OrreryError.invalidValue(field: field, value: "\(value)", allowed: "a positive integer") }
        guard value <= maxInteger else {
            throw OrreryError.invalidValue(field: field, value: "\(value)", allowed: "a positive integer ≤ \(maxInteger)")
        }
        return value
    }

    /// `xs` multiplied, or nil when the product exceeds `maxInteger`.
    static func boundedProduct(_ xs: Int...) -> Int? {
        var product = 1
        for x in xs {
            let (p, overflow) = product.multipliedReportingOverflow(by: x)
            guard !overflow, p <= maxInteger, p >= -maxInteger else { return nil }
            product = p
        }
        return product
    }

    static func nonNegative(_ value: Double?, _ field: String) throws -> Double? {
        guard let value else { return nil }
        guard value >= 0, value.isFinite else { throw OrreryError.invalidValue(field: field, value: "\(value)", allowed: "a finite number ≥ 0") }
        return value
    }

    /// Parses an enum value case-insensitively (`_` accepted for `-`).
    static func choice<E: RawRepresentable & CaseIterable>(_ text: String?, _ field: String, _ type: E.Type) throws -> E?
    where E.RawValue == String {
        guard let text else { return nil }
        if let value = E(rawValue: text) { return value }
        let key = text.trimmingSpaces.lowercased().replacingOccurrences(of: "_", with: "-")
        if let value = E(rawValue: key) { return value }
        let names = E.allCases.map(\.rawValue)
        let list = names.count > 1 ? names.dropLast().joined(separator: ", ") + " or " + names.last! : names.joined()
        throw OrreryError.invalidValue(field: field, value: text, allowed: "one of \(list)")
    }
}

extension InlineModel {
    /// The architecture this mapping describes; fields are named `model.<key>` in errors.
    func architecture(seqLen: Int) throws -> ModelArchitecture {
        let family = try ScenarioFile.choice(arch, "model.arch", ArchitectureFamily.self)
        guard let family else {
            throw OrreryError.invalidValue(field: "model.arch", value: "(missing)", allowed: "gpt or llama")
        }
        func required(_ value: Int?, _ key: String) throws -> Int {
            guard let value else {
                throw OrreryError.invalidValue(field: "model.\(key)", value: "(missing)", allowed: "a positive integer (required for an inline model)")
            }
            return try ScenarioFile.positive(value, "model.\(key)")!
        }
        let layers = try required(layers, "layers")
        let hidden = try required(hidden, "hidden")
        let heads = try required(heads, "heads")
        // Meta llama/model.py FeedForward: int(2·4h/3) rounded up to a multiple of 256
        // (4096 → 11008, Llama-2-7B); GPT: 4h (Radford et al. 2019, GPT-2).
        let defaultFFN = family == .gpt ? 4 * hidden : 256 * ((8 * hidden / 3 + 255) / 256)
        let ffn = try ScenarioFile.positive(ffnHidden, "model.ffn_hidden") ?? defaultFFN
        if family == .llama, let maxPositions, maxPositions != 0 {
            throw OrreryError.invalidValue(field: "model.max_positions", value: "\(maxPositions)",
                                           allowed: "0 or absent for arch llama (rotary positions have no learned table)")
        }
        var moe: MoEConfig?
        if let experts = try ScenarioFile.positive(experts, "model.experts") {
            guard let topK else {
                throw OrreryError.invalidValue(field: "model.top_k", value: "(missing)", allowed: "a positive integer ≤ experts (required with model.experts)")
            }
            let shared = sharedExperts ?? 0
            guard shared >= 0 else {
                throw OrreryError.invalidValue(field: "model.shared_experts", value: "\(shared)", allowed: "0 or more")
            }
            moe = MoEConfig(experts: experts, topK: topK,
                            expertFFNHidden: try ScenarioFile.positive(expertFFNHidden, "model.expert_ffn_hidden") ?? ffn,
                            sharedExperts: shared,
                            layerFrequency: try ScenarioFile.positive(moeLayerFrequency, "model.moe_layer_frequency") ?? 1)
        } else if topK != nil {
            throw OrreryError.rule(field: "model.top_k", rule: "model.top_k needs model.experts")
        }
        // Default vocabularies: GPT-2 BPE 50257 (Radford et al. 2019); Llama-2 SentencePiece 32000 (Touvron et al. 2023).
        return ModelArchitecture(
            name: name ?? "custom-\(family.rawValue)-\(layers)x\(hidden)", family: family, layers: layers, hidden: hidden,
            ffnHidden: ffn, heads: heads, kvHeads: try ScenarioFile.positive(kvHeads, "model.kv_heads"),
            headDim: try ScenarioFile.positive(headDim, "model.head_dim"),
            vocab: try ScenarioFile.positive(vocab, "model.vocab") ?? (family == .gpt ? 50257 : 32000),
            tiedEmbeddings: tiedEmbeddings ?? (family == .gpt),
            maxPositions: family == .gpt ? (try ScenarioFile.positive(maxPositions, "model.max_positions") ?? seqLen) : 0,
            qkvBias: qkvBias ?? false, moe: moe)
    }
}

/// Memoised look-ups for resolving many scenarios (a batch CSV): models by text, GPUs by
/// name, generic clusters by (gpu, num_gpus, gpus_per_node). Not shared across threads.
final class ScenarioResolutionCache {
    private var models: [String: Result<ModelArchitecture, OrreryError>] = [:]
    private var clusters: [String: Result<ClusterSpec, OrreryError>] = [:]

    func model(_ text: String, baseDirectory: String?) throws -> ModelArchitecture {
        if let hit = models[text] { return try hit.get() }
        let result = Result { () throws(OrreryError) -> ModelArchitecture in
            do { return try ModelResolver.resolve(text, relativeTo: baseDirectory) } catch let e as OrreryError { throw e } catch {
                throw OrreryError.io(path: text, message: "\(error)")
            }
        }
        models[text] = result
        return try result.get()
    }

    func gpu(_ name: String) throws -> GPUSpec { try CatalogIndex.gpu(named: name) }

    func generic(gpu: GPUSpec, numGPUs: Int, gpusPerNode: Int) throws -> ClusterSpec {
        let key = "\(gpu.name)|\(numGPUs)|\(gpusPerNode)"
        if let hit = clusters[key] { return try hit.get() }
        let result = Result { () throws(OrreryError) -> ClusterSpec in
            do { return try ClusterCatalog.generic(gpu: gpu, numGPUs: numGPUs, gpusPerNode: gpusPerNode) } catch let e as OrreryError { throw e } catch {
                throw OrreryError.invalidValue(field: "cluster", value: key, allowed: "\(error)")
            }
        }
        clusters[key] = result
        return try result.get()
    }
}
