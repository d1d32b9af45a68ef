import Foundation
import Testing
@testable import OrreryCore

/// Hugging Face config.json import, checked against the published parameter totals.
struct HFConfigImporterTests {
    static func fixture(_ repo: String) -> String {
        Bundle.module.url(forResource: "Fixtures", withExtension: nil)!
            .appendingPathComponent("hf/\(repo)/config.json").path
    }

    @Test("Meta-Llama-3-8B: 8,030,261,248 parameters (HF safetensors index total)")
    func llama3() throws {
        let m = try HFConfigImporter.load(path: Self.fixture("Meta-Llama-3-8B"))
        #expect(m.family == .llama)
        #expect(m.kvHeads == 8 && m.headDim == 128 && !m.tiedEmbeddings && !m.qkvBias)
        #expect(m.name == "Meta-Llama-3-8B")
        #expect(m.parameterCount == 8_030_261_248)
    }

    @Test("Mistral-7B-v0.1: 7,241,732,096 parameters (HF safetensors index total)")
    func mistral() throws {
        #expect(try HFConfigImporter.load(path: Self.fixture("Mistral-7B-v0.1")).parameterCount == 7_241_732_096)
    }

    @Test("Mixtral-8x7B-v0.1: 46,702,792,704 parameters, ~12.9B active (Mistral AI, 'Mixtral of experts', 2023)")
    func mixtral() throws {
        let m = try HFConfigImporter.load(path: Self.fixture("Mixtral-8x7B-v0.1"))
        #expect(m.moe == MoEConfig(experts: 8, topK: 2, expertFFNHidden: 14336))
        #expect(m.parameterCount == 46_702_792_704)
        let active = Double(m.activeParameterCount)
        #expect(abs(active - 12.9e9) / 12.9e9 < 0.01)
    }

    @Test("Qwen2.5-7B: 7,615,616,512 parameters; q/k/v biases (Qwen2.5 model card: 7.61B, 6.53B non-embedding)")
    func qwen() throws {
        let m = try HFConfigImporter.load(path: Self.fixture("Qwen2.5-7B"))
        #expect(m.qkvBias)
        #expect(m.parameterCount == 7_615_616_512)
        let nonEmbedding = Double(m.parameterCount - m.embeddingParameters - m.outputParameters)
        #expect(abs(nonEmbedding - 6.53e9) / 6.53e9 < 0.005)
    }

    @Test("gpt2: 124,439,808 parameters; n_inner absent → 4·n_embd; tied; 1024 learned positions")
    func gpt2() throws {
        let m = try HFConfigImporter.load(path: Self.fixture("gpt2"))
        #expect(m.family == .gpt && m.ffnHidden == 3072 && m.tiedEmbeddings && m.maxPositions == 1024)
        #expect(m.parameterCount == 124_439_808)
    }

    @Test("pythia-160m (GPT-NeoX): 162,322,944 parameters, 85,056,000 non-embedding (Pythia model card)")
    func pythia() throws {
        let m = try HFConfigImporter.load(path: Self.fixture("pythia-160m"))
        #expect(m.family == .gpt && !m.tiedEmbeddings && m.maxPositions == 0)
        #expect(m.parameterCount == 162_322_944)
        #expect(m.parameterCount - m.embeddingParameters - m.outputParameters == 85_056_000)
    }

    @Test func headDimFromConfigWins() throws {
        let json = #"{"architectures": ["LlamaForCausalLM"], "hidden_size": 2048, "intermediate_size": 8192, "num_hidden_layers": 2, "num_attention_heads": 32, "num_key_value_heads": 8, "head_dim": 128, "vocab_size": 1000}"#
        let m = try HFConfigImporter.importConfig(data: Data(json.utf8), file: "c.json")
        #expect(m.headDim == 128)
        let noHeadDim = try HFConfigImporter.importConfig(data: Data(json.replacingOccurrences(of: #""head_dim": 128"#, with: #""head_dim": null"#).utf8), file: "c.json")
        #expect(noHeadDim.headDim == 64)
    }

    @Test func gpt2NullInner() throws {
        let json = #"{"architectures": ["GPT2LMHeadModel"], "n_embd": 64, "n_layer": 2, "n_head": 4, "n_inner": null, "n_positions": 128, "vocab_size": 100}"#
        #expect(try HFConfigImporter.importConfig(data: Data(json.utf8), file: "c.json").ffnHidden == 256)
    }

    @Test func malformedJSONReportsLineAndColumn() {
        let json = "{\n  \"architectures\": [\"LlamaForCausalLM\"],\n  \"hidden_size\": x\n}"
        #expect(throws: OrreryError.parse(file: "bad.json", line: 3, column: 18, message: "malformed JSON: Invalid value")) {
            try HFConfigImporter.importConfig(data: Data(json.utf8), file: "bad.json")
        }
    }

    @Test func truncatedJSONPointsAtTheEnd() {
        do {
            _ = try HFConfigImporter.importConfig(data: Data("{\n  \"a\": [1,\n".utf8), file: "t.json")
            Issue.record("expected an error")
        } catch let OrreryError.parse(file, line, column, _) {
            #expect(file == "t.json" && line == 3 && column == 1)
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func unsupportedArchitecture() {
        let json = #"{"architectures": ["BertForMaskedLM"], "hidden_size": 768}"#
        #expect(throws: OrreryError.unsupported(field: "architectures", value: "BertForMaskedLM",
                                                supported: HFConfigImporter.supportedArchitectures)) {
            try HFConfigImporter.importConfig(data: Data(json.utf8), file: "bert.json")
        }
    }

    @Test func missingKeyNamesFileAndKey() {
        let json = #"{"architectures": ["MistralForCausalLM"], "intermediate_size": 14336, "num_hidden_layers": 32, "num_attention_heads": 32, "vocab_size": 32000}"#
        do {
            _ = try HFConfigImporter.importConfig(data: Data(json.utf8), file: "m/config.json")
            Issue.record("expected an error")
        } catch let OrreryError.invalidValue(field, value, _) {
            #expect(field == "m/config.json: hidden_size" && value == "(missing)")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func mistypedKey() {
        let json = #"{"architectures": ["LlamaForCausalLM"], "hidden_size": "4096"}"#
        #expect(throws: OrreryError.invalidValue(field: "c.json: hidden_size", value: "4096", allowed: "an integer")) {
            try HFConfigImporter.importConfig(data: Data(json.utf8), file: "c.json")
        }
    }

    @Test func missingFileIsAnIOError() {
        #expect(throws: OrreryError.io(path: "/nonexistent/config.json", message: "no such file")) {
            try HFConfigImporter.load(path: "/nonexistent/config.json")
        }
    }

    @Test func resolverTakesNamesAndPaths() throws {
        #expect(try ModelResolver.resolve("llama-3-8b").parameterCount == 8_030_261_248)
        #expect(try ModelResolver.resolve(Self.fixture("gpt2")).parameterCount == 124_439_808)
        let dir = (Self.fixture("gpt2") as NSString).deletingLastPathComponent
        #expect(try ModelResolver.resolve(dir).parameterCount == 124_439_808)
        #expect(throws: OrreryError.self) { try ModelResolver.resolve("llama-3-8") }
    }
}
