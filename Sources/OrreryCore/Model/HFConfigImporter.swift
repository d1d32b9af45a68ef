import Foundation

/// Imports a Hugging Face `config.json` as a `ModelArchitecture`.
///
/// Supported `architectures` and the keys read (names as in `transformers`):
/// - `LlamaForCausalLM`, `MistralForCausalLM`, `Qwen2ForCausalLM` → family `llama`:
///   `hidden_size`, `intermediate_size`, `num_hidden_layers`, `num_attention_heads`,
///   `num_key_value_heads` (default: heads), `head_dim` (default: hidden / heads),
///   `vocab_size`, `tie_word_embeddings` (default false). Qwen2 always has q/k/v biases;
///   Llama's `attention_bias: true` is mapped to q/k/v biases too.
/// - `MixtralForCausalLM` → family `llama` with `MoEConfig(experts: num_local_experts,
///   topK: num_experts_per_tok, expertFFNHidden: intermediate_size)` on every layer.
/// - `GPT2LMHeadModel` → family `gpt`: `n_embd`, `n_layer`, `n_head`, `n_inner`
///   (null or absent → 4·n_embd), `n_positions` (learned positions), `vocab_size`; tied.
/// - `GPTNeoXForCausalLM` (Pythia, GPT-NeoX-20B) → family `gpt`: `hidden_size`,
///   `intermediate_size`, `num_hidden_layers`, `num_attention_heads`, `vocab_size`,
///   `tie_word_embeddings` (default false: NeoX has a separate `embed_out`).
///
/// What is approximated (the parameter counts stay exact, the operator graph is close):
/// - GPT-NeoX: rotary positions (only `rotary_pct` of each head, 0.25 in Pythia) are not
///   a learned table, so `maxPositions` is 0 and no sequence-length limit is enforced;
///   the rotary FLOPs are not modelled. The parallel residual (`use_parallel_residual`:
///   attention and MLP read the same input) has the same parameters and FLOPs as the
///   sequential GPT block, only a shorter dependency chain, which `ModelArchitecture`
///   does not express. Exact GeLU is treated like GPT-2's tanh GeLU.
/// - Mistral's `sliding_window` is ignored: attention is priced as full causal attention.
/// - Llama's `attention_bias: true` also biases `o_proj` (`hidden` parameters per layer),
///   which is not counted; `mlp_bias` is ignored.
/// - Rotary models' `max_position_embeddings` is not a learned table, so `maxPositions` = 0.
public enum HFConfigImporter {
    /// The `architectures` values this importer understands.
    public static let supportedArchitectures = [
        "LlamaForCausalLM", "MistralForCausalLM", "MixtralForCausalLM", "Qwen2ForCausalLM",
        "GPT2LMHeadModel", "GPTNeoXForCausalLM",
    ]

    /// `model_type` values used when a config has no `architectures` list.
    static let architectureForModelType = [
        "llama": "LlamaForCausalLM", "mistral": "MistralForCausalLM", "mixtral": "MixtralForCausalLM",
        "qwen2": "Qwen2ForCausalLM", "gpt2": "GPT2LMHeadModel", "gpt_neox": "GPTNeoXForCausalLM",
    ]

    /// Reads and imports the config at `path`.
    /// - Throws: `.io` when the file cannot be read; `.parse` with 1-based line and column
    ///   for malformed JSON; `.unsupported(field: "architectures", …)` for other model
    ///   classes; `.invalidValue(field: "<path>: <key>", …)` for a missing or mistyped key.
    public static func load(path: String) throws -> ModelArchitecture {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            let exists = FileManager.default.fileExists(atPath: path)
            throw OrreryError.io(path: path, message: exists ? "cannot read the file" : "no such file")
        }
        return try importConfig(data: data, file: path, defaultName: defaultName(for: path))
    }

    /// Imports config text already in memory; `file` names it in errors.
    public static func importConfig(data: Data, file: String, defaultName: String = "hf-model") throws -> ModelArchitecture {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: data)
        } catch {
            throw parseError(error, data: data, file: file)
        }
        guard object is [String: Any] else {
            throw OrreryError.parse(file: file, line: 1, column: 1, message: "expected a JSON object at the top level")
        }
        let config: HFConfig
        do {
            config = try JSONDecoder().decode(HFConfig.self, from: data)
        } catch let DecodingError.typeMismatch(type, context) {
            let key = context.codingPath.map(\.stringValue).joined(separator: ".")
            let raw = (object as? [String: Any])?[context.codingPath.first?.stringValue ?? ""].map { "\($0)" } ?? "?"
            throw OrreryError.invalidValue(field: "\(file): \(key)", value: raw, allowed: describe(type))
        } catch {
            throw OrreryError.parse(file: file, line: nil, column: nil, message: "\(error)")
        }
        return try config.architecture(file: file, defaultName: defaultName)
    }

    /// The model name when the config has no `_name_or_path`: the directory of a
    /// `config.json` (`Meta-Llama-3-8B/config.json` → `Meta-Llama-3-8B`), else the file stem.
    static func defaultName(for path: String) -> String {
        let url = URL(fileURLWithPath: path)
        if url.lastPathComponent == "config.json" {
            let dir = url.deletingLastPathComponent().lastPathComponent
            if !dir.isEmpty, dir != "/", dir != "." { return dir }
        }
        return url.deletingPathExtension().lastPathComponent
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is Int.Type: return "an integer"
        case is Bool.Type: return "true or false"
        case is String.Type: return "a string"
        case is [String].Type: return "a list of strings"
        default: return "a value of type \(type)"
        }
    }

    /// Turns a JSONSerialization error ("… around character 19.") into file:line:column.
    static func parseError(_ error: Error, data: Data, file: String) -> OrreryError {
        let message = ((error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String) ?? "\(error)"
        let offset: Int
        if let range = message.range(of: "character ") {
            let digits = message[range.upperBound...].prefix(while: \.isNumber)
            offset = Int(digits) ?? data.count
        } else {
            offset = data.count  // "Unexpected end of file": point past the last byte
        }
        let (line, column) = lineAndColumn(ofByte: offset, in: data)
        var text = message
        if let around = text.range(of: " around character") { text = String(text[..<around.lowerBound]) }
        if text.hasSuffix(".") { text.removeLast() }
        return .parse(file: file, line: line, column: column, message: "malformed JSON: \(text)")
    }

    /// 1-based line and column (in characters) of a UTF-8 byte offset.
    static func lineAndColumn(ofByte offset: Int, in data: Data) -> (line: Int, column: Int) {
        let bytes = [UInt8](data.prefix(max(0, offset)))
        var line = 1
        var lineStart = 0
        for (i, b) in bytes.enumerated() where b == UInt8(ascii: "\n") {
            line += 1
            lineStart = i + 1
        }
        let prefix = String(decoding: bytes[lineStart...], as: UTF8.self)
        return (line, prefix.count + 1)
    }
}

/// The keys of a Hugging Face config that the importer reads; all optional so that a
/// missing key becomes an error naming it.
private struct HFConfig: Decodable {
    var architectures: [String]?
    var modelType: String?
    var nameOrPath: String?
    var hiddenSize: Int?
    var intermediateSize: Int?
    var numHiddenLayers: Int?
    var numAttentionHeads: Int?
    var numKeyValueHeads: Int?
    var headDim: Int?
    var vocabSize: Int?
    var tieWordEmbeddings: Bool?
    var attentionBias: Bool?
    var numLocalExperts: Int?
    var numExpertsPerTok: Int?
    // GPT-2 names
    var nEmbd: Int?
    var nLayer: Int?
    var nHead: Int?
    var nInner: Int?
    var nPositions: Int?

    enum CodingKeys: String, CodingKey {
        case architectures
        case modelType = "model_type"
        case nameOrPath = "_name_or_path"
        case hiddenSize = "hidden_size"
        case intermediateSize = "intermediate_size"
        case numHiddenLayers = "num_hidden_layers"
        case numAttentionHeads = "num_attention_heads"
        case numKeyValueHeads = "num_key_value_heads"
        case headDim = "head_dim"
        case vocabSize = "vocab_size"
        case tieWordEmbeddings = "tie_word_embeddings"
        case attentionBias = "attention_bias"
        case numLocalExperts = "num_local_experts"
        case numExpertsPerTok = "num_experts_per_tok"
        case nEmbd = "n_embd"
        case nLayer = "n_layer"
        case nHead = "n_head"
        case nInner = "n_inner"
        case nPositions = "n_positions"
    }

    func architecture(file: String, defaultName: String) throws -> ModelArchitecture {
        let supported = HFConfigImporter.supportedArchitectures
        let arch: String
        if let list = architectures, !list.isEmpty {
            guard let hit = list.first(where: supported.contains) else {
                throw OrreryError.unsupported(field: "architectures", value: list.joined(separator: ", "), supported: supported)
            }
            arch = hit
        } else if let type = modelType {
            guard let hit = HFConfigImporter.architectureForModelType[type] else {
                throw OrreryError.unsupported(field: "model_type", value: type, supported: supported)
            }
            arch = hit
        } else {
            throw OrreryError.invalidValue(field: "\(file): architectures", value: "(missing)",
                                           allowed: "a list naming one of \(supported.joined(separator: ", "))")
        }

        func required(_ value: Int?, _ key: String) throws -> Int {
            guard let value else {
                throw OrreryError.invalidValue(field: "\(file): \(key)", value: "(missing)", allowed: "a positive integer (required for \(arch))")
            }
            guard value > 0, value <= ScenarioFile.maxInteger else {
                throw OrreryError.invalidValue(field: "\(file): \(key)", value: "\(value)", allowed: "a positive integer ≤ \(ScenarioFile.maxInteger)")
            }
            return value
        }
        let name = (nameOrPath?.isEmpty == false ? nameOrPath! : defaultName)

        switch arch {
        case "GPT2LMHeadModel":
            let hidden = try required(nEmbd, "n_embd")
            let layers = try required(nLayer, "n_layer")
            return ModelArchitecture(
                name: name, family: .gpt, layers: layers, hidden: hidden,
                ffnHidden: try nInner.map { try required($0, "n_inner") } ?? 4 * hidden,
                heads: try required(nHead, "n_head"), vocab: try required(vocabSize, "vocab_size"),
                tiedEmbeddings: true, maxPositions: try required(nPositions, "n_positions"))
        case "GPTNeoXForCausalLM":
            let hidden = try required(hiddenSize, "hidden_size")
            let ffn = try required(intermediateSize, "intermediate_size")
            let layers = try required(numHiddenLayers, "num_hidden_layers")
            let heads = try required(numAttentionHeads, "num_attention_heads")
            return ModelArchitecture(
                name: name, family: .gpt, layers: layers, hidden: hidden, ffnHidden: ffn,
                heads: heads, vocab: try required(vocabSize, "vocab_size"),
                tiedEmbeddings: tieWordEmbeddings ?? false, maxPositions: 0)
        default:  // Llama-style families
            let hidden = try required(hiddenSize, "hidden_size")
            let ffn = try required(intermediateSize, "intermediate_size")
            let layers = try required(numHiddenLayers, "num_hidden_layers")
            let heads = try required(numAttentionHeads, "num_attention_heads")
            var moe: MoEConfig?
            if arch == "MixtralForCausalLM" {
                moe = MoEConfig(experts: try required(numLocalExperts, "num_local_experts"),
                                topK: try required(numExpertsPerTok, "num_experts_per_tok"), expertFFNHidden: ffn)
            }
            return ModelArchitecture(
                name: name, family: .llama, layers: layers, hidden: hidden, ffnHidden: ffn, heads: heads,
                kvHeads: try numKeyValueHeads.map { try required($0, "num_key_value_heads") } ?? heads,
                headDim: try headDim.map { try required($0, "head_dim") },
                vocab: try required(vocabSize, "vocab_size"), tiedEmbeddings: tieWordEmbeddings ?? false,
                maxPositions: 0, qkvBias: arch == "Qwen2ForCausalLM" || attentionBias == true, moe: moe)
        }
    }
}
