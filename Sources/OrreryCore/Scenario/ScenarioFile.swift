import Yams

/// A scenario as written: every field optional, names and enum values as text, exactly
/// the YAML schema (snake_case keys). `resolve()` fills the defaults, looks the names up
/// and validates, giving a `Scenario`; `ScenarioFile(normalizing:)` goes back, for `--dump`.
///
/// ```yaml
/// name: llama3-70b on 128 H100
/// model: llama-3-70b            # catalog name | path/to/config.json | inline mapping
/// cluster: {preset: dgx-h100, nodes: 16}   # preset name | mapping | omitted
/// gpu: h100-sxm                 # with num_gpus (and gpus_per_node) when cluster is omitted
/// num_gpus: 128
/// parallel: {tp: 8, pp: 4, dp: 4, cp: 1, ep: 1, vpp: 1, zero: 1, recompute: selective, sequence_parallel: true}
/// batch: {global: 1024, micro: 1}
/// seq_len: 8192
/// precision: bf16-mixed         # bf16 | amp-bf16 | bf16-mixed | fp8
/// optimizer: adamw              # adamw | sgd
/// workload: {scope: step, training_tokens: 15.0e+12, dollars_per_gpu_hour: 2.5}
/// ```
public struct ScenarioFile: Codable, Hashable, Sendable {
    public var name: String?
    public var model: ModelSource?
    public var cluster: ClusterSource?
    public var gpu: String?
    public var numGPUs: Int?
    public var gpusPerNode: Int?
    public var parallel: ParallelSection?
    public var batch: BatchSection?
    public var seqLen: Int?
    public var precision: String?
    public var optimizer: String?
    public var workload: WorkloadSection?

    public init(name: String? = nil, model: ModelSource? = nil, cluster: ClusterSource? = nil, gpu: String? = nil,
                numGPUs: Int? = nil, gpusPerNode: Int? = nil, parallel: ParallelSection? = nil, batch: BatchSection? = nil,
                seqLen: Int? = nil, precision: String? = nil, optimizer: String? = nil, workload: WorkloadSection? = nil) {
        self.name = name
        self.model = model
        self.cluster = cluster
        self.gpu = gpu
        self.numGPUs = numGPUs
        self.gpusPerNode = gpusPerNode
        self.parallel = parallel
        self.batch = batch
        self.seqLen = seqLen
        self.precision = precision
        self.optimizer = optimizer
        self.workload = workload
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case name, model, cluster, gpu
        case numGPUs = "num_gpus"
        case gpusPerNode = "gpus_per_node"
        case parallel, batch
        case seqLen = "seq_len"
        case precision, optimizer, workload
    }
}

/// `model:` — a catalog name or config path, or an inline architecture.
public enum ModelSource: Codable, Hashable, Sendable {
    /// A catalog name (`llama-3-8b`) or a path to a Hugging Face `config.json`.
    case named(String)
    case inline(InlineModel)

    public init(from decoder: Decoder) throws {
        if let text = try? decoder.singleValueContainer().decode(String.self) {
            self = .named(text)
        } else {
            self = .inline(try InlineModel(from: decoder))
        }
    }

    public func encode(to encoder: Encoder) throws {
        switch self {
        case let .named(text):
            var container = encoder.singleValueContainer()
            try container.encode(text)
        case let .inline(model):
            try model.encode(to: encoder)
        }
    }
}

/// An inline architecture (`model: {arch: llama, layers: 32, …}`); see `ModelArchitecture`.
public struct InlineModel: Codable, Hashable, Sendable {
    public var name: String?
    /// `gpt` or `llama`.
    public var arch: String?
    public var layers: Int?
    public var hidden: Int?
    /// Default: 4·hidden (gpt); the Llama rule 256·⌈(8·hidden/3)/256⌉ (llama).
    public var ffnHidden: Int?
    public var heads: Int?
    /// Default: heads.
    public var kvHeads: Int?
    /// Default: hidden / heads.
    public var headDim: Int?
    /// Default: 50257 (gpt, GPT-2 BPE) or 32000 (llama, Llama-2 SentencePiece).
    public var vocab: Int?
    /// Default: true (gpt), false (llama).
    public var tiedEmbeddings: Bool?
    /// Learned position table length (gpt only; default seq_len).
    public var maxPositions: Int?
    public var qkvBias: Bool?
    public var experts: Int?
    public var topK: Int?
    public var expertFFNHidden: Int?
    public var sharedExperts: Int?
    public var moeLayerFrequency: Int?

    public init(name: String? = nil, arch: String? = nil, layers: Int? = nil, hidden: Int? = nil, ffnHidden: Int? = nil,
                heads: Int? = nil, kvHeads: Int? = nil, headDim: Int? = nil, vocab: Int? = nil, tiedEmbeddings: Bool? = nil,
                maxPositions: Int? = nil, qkvBias: Bool? = nil, experts: Int? = nil, topK: Int? = nil,
                expertFFNHidden: Int? = nil, sharedExperts: Int? = nil, moeLayerFrequency: Int? = nil) {
        self.name = name
        self.arch = arch
        self.layers = layers
        self.hidden = hidden
        self.ffnHidden = ffnHidden
        self.heads = heads
        self.kvHeads = kvHeads
        self.headDim = headDim
        self.vocab = vocab
        self.tiedEmbeddings = tiedEmbeddings
        self.maxPositions = maxPositions
        self.qkvBias = qkvBias
        self.experts = experts
        self.topK = topK
        self.expertFFNHidden = expertFFNHidden
        self.sharedExperts = sharedExperts
        self.moeLayerFrequency = moeLayerFrequency
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case name, arch, layers, hidden
        case ffnHidden = "ffn_hidden"
        case heads
        case kvHeads = "kv_heads"
        case headDim = "head_dim"
        case vocab
        case tiedEmbeddings = "tied_embeddings"
        case maxPositions = "max_positions"
        case qkvBias = "qkv_bias"
        case experts
        case topK = "top_k"
        case expertFFNHidden = "expert_ffn_hidden"
        case sharedExperts = "shared_experts"
        case moeLayerFrequency = "moe_layer_frequency"
    }
}

/// `cluster:` — a preset name, or a mapping.
public enum ClusterSource: Codable, Hashable, Sendable {
    /// A preset (`dgx-h100`) with its own node count.
    case preset(String)
    case spec(ClusterMapping)

    public init(from decoder: Decoder) throws {
        if let text = try? decoder.singleValueContainer().decode(String.self) {
            self = .preset(text)
        } else {
            self = .spec(try ClusterMapping(from: decoder))
        }
    }

    public func encode(to encoder: Encoder) throws {
        switch self {
        case let .preset(name):
            var container = encoder.singleValueContainer()
            try container.encode(name)
        case let .spec(mapping):
            try mapping.encode(to: encoder)
        }
    }
}

/// A cluster mapping: either `{preset, nodes}` (a preset with another node count) or a
/// custom cluster `{gpu, nodes, gpus_per_node, nics, nic_gbps, nic_link}`
/// (`ClusterCatalog.custom`).
public struct ClusterMapping: Codable, Hashable, Sendable {
    public var preset: String?
    /// Default: the top-level `gpu`, else h100-sxm.
    public var gpu: String?
    /// Default: num_gpus / gpus_per_node.
    public var nodes: Int?
    /// Default: the top-level `gpus_per_node`, else 8.
    public var gpusPerNode: Int?
    /// NICs per node; default one per GPU.
    public var nics: Int?
    /// Line rate of one NIC in Gb/s; default the `nic_link` catalog rate.
    public var nicGbps: Double?
    /// Catalog link of the NICs; default `ib-ndr`.
    public var nicLink: String?

    public init(preset: String? = nil, gpu: String? = nil, nodes: Int? = nil, gpusPerNode: Int? = nil,
                nics: Int? = nil, nicGbps: Double? = nil, nicLink: String? = nil) {
        self.preset = preset
        self.gpu = gpu
        self.nodes = nodes
        self.gpusPerNode = gpusPerNode
        self.nics = nics
        self.nicGbps = nicGbps
        self.nicLink = nicLink
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case preset, gpu, nodes
        case gpusPerNode = "gpus_per_node"
        case nics
        case nicGbps = "nic_gbps"
        case nicLink = "nic_link"
    }

    /// Numbers are written plainly (`nic_gbps: 400`, not `4e+2`).
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(preset, forKey: .preset)
        try c.encodeIfPresent(gpu, forKey: .gpu)
        try c.encodeIfPresent(nodes, forKey: .nodes)
        try c.encodeIfPresent(gpusPerNode, forKey: .gpusPerNode)
        try c.encodeIfPresent(nics, forKey: .nics)
        try c.encodeIfPresent(nicGbps.map(PlainNumber.init), forKey: .nicGbps)
        try c.encodeIfPresent(nicLink, forKey: .nicLink)
    }
}

/// `parallel:` — the layout axes (see `ParallelLayout`).
public struct ParallelSection: Codable, Hashable, Sendable {
    public var tp: Int?
    public var pp: Int?
    /// Default: num_gpus / (tp·pp·cp) for scope step, 1 otherwise.
    public var dp: Int?
    public var cp: Int?
    public var ep: Int?
    public var vpp: Int?
    public var zero: Int?
    /// `none`, `selective` or `full`.
    public var recompute: String?
    public var recomputeLayers: Int?
    public var sequenceParallel: Bool?

    public init(tp: Int? = nil, pp: Int? = nil, dp: Int? = nil, cp: Int? = nil, ep: Int? = nil, vpp: Int? = nil,
                zero: Int? = nil, recompute: String? = nil, recomputeLayers: Int? = nil, sequenceParallel: Bool? = nil) {
        self.tp = tp
        self.pp = pp
        self.dp = dp
        self.cp = cp
        self.ep = ep
        self.vpp = vpp
        self.zero = zero
        self.recompute = recompute
        self.recomputeLayers = recomputeLayers
        self.sequenceParallel = sequenceParallel
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case tp, pp, dp, cp, ep, vpp, zero, recompute
        case recomputeLayers = "recompute_layers"
        case sequenceParallel = "sequence_parallel"
    }
}

/// `batch:` — sequences per step (`global`, default dp·micro) and per micro-batch (`micro`, default 1).
public struct BatchSection: Codable, Hashable, Sendable {
    public var global: Int?
    public var micro: Int?

    public init(global: Int? = nil, micro: Int? = nil) {
        self.global = global
        self.micro = micro
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case global, micro
    }
}

/// `workload:` — what to estimate and, for serving, the request load (see `WorkloadSpec`).
public struct WorkloadSection: Codable, Hashable, Sendable {
    /// `step` (default), `layer`, `prefill` or `decode`.
    public var scope: String?
    /// Tokens per prompt: an integer, or a distribution such as `uniform(128,1024)` for serving.
    public var promptLen: String?
    public var outputLen: String?
    public var contextLen: Int?
    /// Tokens scored per sequence per decode step (`WorkloadSpec.tokensPerDecode`).
    public var q: Int?
    public var trainingTokens: Double?
    public var dollarsPerGPUHour: Double?
    public var rateQPS: Double?
    public var durationS: Double?
    public var seed: Int?

    public init(scope: String? = nil, promptLen: String? = nil, outputLen: String? = nil, contextLen: Int? = nil,
                q: Int? = nil, trainingTokens: Double? = nil, dollarsPerGPUHour: Double? = nil, rateQPS: Double? = nil,
                durationS: Double? = nil, seed: Int? = nil) {
        self.scope = scope
        self.promptLen = promptLen
        self.outputLen = outputLen
        self.contextLen = contextLen
        self.q = q
        self.trainingTokens = trainingTokens
        self.dollarsPerGPUHour = dollarsPerGPUHour
        self.rateQPS = rateQPS
        self.durationS = durationS
        self.seed = seed
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case scope
        case promptLen = "prompt_len"
        case outputLen = "output_len"
        case contextLen = "context_len"
        case q
        case trainingTokens = "training_tokens"
        case dollarsPerGPUHour = "dollars_per_gpu_hour"
        case rateQPS = "rate_qps"
        case durationS = "duration_s"
        case seed
    }

    /// Lengths that are plain integers are written as YAML integers, not quoted strings;
    /// numbers plainly (`2.5`, not Yams' `2.5e+0`).
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(scope, forKey: .scope)
        for (key, value) in [(CodingKeys.promptLen, promptLen), (.outputLen, outputLen)] {
            guard let value else { continue }
            if let n = Int(value) { try c.encode(n, forKey: key) } else { try c.encode(value, forKey: key) }
        }
        try c.encodeIfPresent(contextLen, forKey: .contextLen)
        try c.encodeIfPresent(q, forKey: .q)
        try c.encodeIfPresent(trainingTokens.map(PlainNumber.init), forKey: .trainingTokens)
        try c.encodeIfPresent(dollarsPerGPUHour.map(PlainNumber.init), forKey: .dollarsPerGPUHour)
        try c.encodeIfPresent(rateQPS.map(PlainNumber.init), forKey: .rateQPS)
        try c.encodeIfPresent(durationS.map(PlainNumber.init), forKey: .durationS)
        try c.encodeIfPresent(seed, forKey: .seed)
    }
}

/// The key tree of the scenario schema, derived from the `CodingKeys` above, for
/// reporting unknown keys with their position (Codable alone would ignore them).
struct ScenarioKeySchema: Sendable {
    var keys: [String]
    var children: [String: ScenarioKeySchema]
    /// Whether the value may also be a plain scalar (model name, cluster preset).
    var scalarAllowed: Bool

    init<K: CodingKey & CaseIterable>(_ keys: K.Type, children: [String: ScenarioKeySchema] = [:], scalarAllowed: Bool = false) {
        self.keys = K.allCases.map(\.stringValue)
        self.children = children
        self.scalarAllowed = scalarAllowed
    }

    static let root = ScenarioKeySchema(ScenarioFile.CodingKeys.self, children: [
        "model": ScenarioKeySchema(InlineModel.CodingKeys.self, scalarAllowed: true),
        "cluster": ScenarioKeySchema(ClusterMapping.CodingKeys.self, scalarAllowed: true),
        "parallel": ScenarioKeySchema(ParallelSection.CodingKeys.self),
        "batch": ScenarioKeySchema(BatchSection.CodingKeys.self),
        "workload": ScenarioKeySchema(WorkloadSection.CodingKeys.self),
    ])
}

/// A number written the way Swift prints it (`400`, `2.5`, `15000000000000`), which YAML
/// reads back exactly; Yams' own `%g` form prints `4e+2` and `2.5e+0`.
struct PlainNumber: Encodable, YAMLEncodable {
    var value: Double
    init(_ value: Double) { self.value = value }

    func box() -> Node {
        if value.rounded() == value, abs(value) < 1e15 { return Node(String(Int(value)), Tag(.int)) }
        return Node(value.description, Tag(.float))
    }

    func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(value)
    }
}
