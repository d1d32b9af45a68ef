import Foundation
import Testing
@testable import OrreryCore

/// Scenario YAML: schema, defaults, positions in errors, and the normalised dump.
struct ScenarioLoaderTests {
    static var repositoryRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    static func load(_ yaml: String, file: String = "scenario.yaml") throws -> Scenario {
        try ScenarioLoader.document(yaml: yaml, file: file).resolve()
    }

    static func message(_ yaml: String, file: String = "scenario.yaml") -> String {
        do {
            _ = try load(yaml, file: file)
            return "(no error)"
        } catch {
            return "\(error)"
        }
    }

    @Test func everyExampleScenarioLoads() throws {
        let dir = Self.repositoryRoot.appendingPathComponent("Scenarios")
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".yaml") }.sorted()
        #expect(files.count >= 4)
        for file in files {
            do {
                _ = try ScenarioLoader.load(path: dir.appendingPathComponent(file).path)
            } catch {
                Issue.record("Scenarios/\(file): \(error)")
            }
        }
    }

    @Test func presetWithNodesAndDerivedDP() throws {
        let s = try Self.load("""
            model: llama-3-8b
            cluster: {preset: dgx-h100, nodes: 16}
            parallel: {tp: 8, pp: 4}
            seq_len: 8192
            """)
        #expect(s.cluster.totalGPUs == 128 && s.cluster.name == "dgx-h100")
        #expect(s.layout.dp == 4)  // 128 / (8·4)
        #expect(s.layout.globalBatch == 4 && s.layout.microBatch == 1)
        #expect(s.precision == .bf16Mixed && s.optimizer == .adamw && s.workload.scope == .step)
    }

    @Test func presetNodesFollowNumGPUs() throws {
        let s = try Self.load("model: llama-3-8b\ncluster: dgx-h100\nnum_gpus: 32\nparallel: {tp: 8}\n")
        #expect(s.cluster.nodes == 4 && s.layout.dp == 4)
    }

    @Test func genericClusterFromGPUAndCount() throws {
        let s = try Self.load("model: llama-3-8b\ngpu: a100-sxm-80gb\nnum_gpus: 16\nparallel: {tp: 2}\n")
        #expect(s.cluster.gpu.name == "a100-sxm-80gb" && s.cluster.nodes == 2 && s.cluster.gpusPerNode == 8)
        #expect(s.layout.dp == 8)
    }

    @Test func customClusterMapping() throws {
        let s = try Self.load("""
            model: llama-3-8b
            cluster: {gpu: h100-sxm, nodes: 4, gpus_per_node: 8, nics: 4, nic_gbps: 200}
            """)
        #expect(s.cluster.totalGPUs == 32 && s.cluster.nicsPerNode == 4)
        #expect(s.cluster.interNode?.bandwidthPerDirection == .gigabits(200))
        #expect(s.layout.dp == 32)
    }

    @Test func inlineModel() throws {
        let s = try Self.load("""
            model: {arch: gpt, layers: 12, hidden: 768, heads: 12, vocab: 50257, max_positions: 1024}
            seq_len: 1024
            """)
        // Same shape as GPT-2 small: 124,439,808 parameters (openai-community/gpt2).
        #expect(s.model.parameterCount == 124_439_808)
        #expect(s.model.ffnHidden == 3072 && s.model.tiedEmbeddings)
    }

    @Test func inlineLlamaDefaultFFNFollowsMetaRule() throws {
        // Llama-2-7B: hidden 4096 → intermediate 11008 (meta-llama/Llama-2-7b-hf config.json).
        let s = try Self.load("model: {arch: llama, layers: 2, hidden: 4096, heads: 32}\n")
        #expect(s.model.ffnHidden == 11008)
    }

    @Test func modelPathIsRelativeToTheScenarioFile() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("orrery-scn-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("cfg"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let fixture = Bundle.module.url(forResource: "Fixtures", withExtension: nil)!.appendingPathComponent("hf/gpt2/config.json")
        try FileManager.default.copyItem(at: fixture, to: dir.appendingPathComponent("cfg/config.json"))
        try "model: cfg/config.json\nseq_len: 1024\n".write(to: dir.appendingPathComponent("s.yaml"), atomically: true, encoding: .utf8)
        let s = try ScenarioLoader.load(path: dir.appendingPathComponent("s.yaml").path)
        #expect(s.model.parameterCount == 124_439_808)
    }

    @Test func inferenceScopeDefaults() throws {
        let decode = try Self.load("model: llama-3-8b\nseq_len: 4096\nparallel: {tp: 8}\nworkload: {scope: decode}\n")
        #expect(decode.workload.contextLen == 4096 && decode.workload.tokensPerDecode == 1)
        #expect(decode.precision == .bf16 && decode.layout.dp == 1)
        let prefill = try Self.load("model: llama-3-8b\nworkload: {scope: prefill}\n")
        #expect(prefill.workload.promptLen == "2048")
    }

    @Test func unknownKeyNamesPathAndLineWithSuggestion() {
        let yaml = """
            name: x
            model: llama-3-8b
            gpu: h100-sxm
            num_gpus: 8
            seq_len: 2048
            parallel:
              tpp: 2
            """
        let text = Self.message(yaml)
        #expect(text.hasPrefix("scenario.yaml:7:3: unknown key parallel.tpp; did you mean tp?"), "\(text)")
    }

    @Test func unknownTopLevelKey() {
        #expect(Self.message("model: llama-3-8b\nseqlen: 4096\n").hasPrefix("scenario.yaml:2:1: unknown key seqlen; did you mean seq_len?"))
    }

    @Test func malformedYAMLHasFileLineColumn() {
        do {
            _ = try Self.load("model: llama-3-8b\nparallel: {tp: 2\nseq_len: 4\n")
            Issue.record("expected an error")
        } catch let OrreryError.parse(file, line, column, message) {
            #expect(file == "scenario.yaml" && line != nil && column != nil)
            #expect(message.contains("malformed YAML"))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func tabIndentationIsMalformed() {
        #expect(Self.message("parallel:\n\ttp: 2\n").hasPrefix("scenario.yaml:2:"))
    }

    @Test func typeErrorPointsAtTheKey() {
        let text = Self.message("model: llama-3-8b\nparallel:\n  tp: three\n")
        #expect(text == "scenario.yaml:3:3: parallel.tp = three is not allowed: an integer", "\(text)")
    }

    @Test func ruleErrorPointsAtTheKey() {
        let text = Self.message("model: llama-3-8b\nnum_gpus: 3\nparallel:\n  tp: 3\n")
        #expect(text == "scenario.yaml:4:3: parallel.tp: tp = 3 does not divide heads = 32", "\(text)")
    }

    @Test func badEnumValuesNameTheAllowedSet() {
        #expect(Self.message("model: llama-3-8b\nprecision: fp16\n")
            == "scenario.yaml:2:1: precision = fp16 is not allowed: one of bf16, amp-bf16, bf16-mixed or fp8")
        #expect(Self.message("model: llama-3-8b\nparallel: {recompute: partial}\n")
            .contains("parallel.recompute = partial is not allowed: one of none, selective or full"))
        #expect(Self.message("model: llama-3-8b\nworkload: {scope: train}\n")
            .contains("workload.scope = train is not allowed: one of step, layer, prefill or decode"))
    }

    @Test func unknownNamesSuggest() {
        #expect(Self.message("model: llama-3-8\n").contains("'llama-3-8b'"))
        #expect(Self.message("model: llama-3-8b\ngpu: h1000\n").contains("unknown gpu 'h1000'"))
        #expect(Self.message("model: llama-3-8b\ncluster: dgx-h1000\n").contains("'dgx-h100'"))
    }

    @Test func conflictingGPUAndPreset() {
        #expect(Self.message("model: llama-3-8b\ncluster: dgx-h100\ngpu: a100-sxm-80gb\n")
            .contains("gpu = a100-sxm-80gb but cluster dgx-h100 has h100-sxm GPUs"))
    }

    @Test func numGPUsMustMatchTheCluster() {
        #expect(Self.message("model: llama-3-8b\ncluster: dgx-h100\nnum_gpus: 12\n")
            .contains("num_gpus = 12 is not a multiple of the dgx-h100 node size 8"))
    }

    @Test func emptyAndNonMappingDocuments() {
        #expect(Self.message("").hasPrefix("scenario.yaml:1:1: empty scenario"))
        #expect(Self.message("- a\n- b\n").contains("a scenario is a mapping"))
        #expect(Self.message("model: llama-3-8b\nparallel: 4\n").contains("parallel must be a mapping"))
    }

    @Test func duplicateKey() {
        #expect(Self.message("model: llama-3-8b\nseq_len: 1\nseq_len: 2\n").contains("duplicate key seq_len"))
    }

    @Test func hugeNumbersAreErrorsNotOverflows() {
        #expect(Self.message("model: llama-3-8b\nparallel: {tp: 9223372036854775807, pp: 2}\n")
            == "scenario.yaml:2:12: parallel.tp = 9223372036854775807 is not allowed: a positive integer ≤ 16777216")
        #expect(Self.message("model: llama-3-8b\nparallel: {tp: 16777216, pp: 16777216}\n").contains("tp·pp·dp·cp exceeds 16777216 GPUs"))
        #expect(Self.message("model: llama-3-8b\ncluster: {nodes: 16777216, gpus_per_node: 16777216}\n").contains("exceeds 16777216 GPUs"))
        #expect(Self.message("model: llama-3-8b\ncluster: {nodes: 2, nic_gbps: 1.0e+300}\n").contains("cluster.nic_gbps"))
    }

    @Test func missingModel() {
        #expect(Self.message("gpu: h100-sxm\n").hasPrefix("model = (missing) is not allowed"))
    }

    @Test func missingFile() {
        #expect(throws: OrreryError.io(path: "/nonexistent/s.yaml", message: "no such file")) {
            try ScenarioLoader.load(path: "/nonexistent/s.yaml")
        }
    }

    @Test func dumpRoundTrips() throws {
        let sources = [
            "model: llama-3-8b\ncluster: {preset: dgx-h100, nodes: 4}\nparallel: {tp: 4, pp: 2, zero: 1, recompute: selective}\nbatch: {global: 64, micro: 2}\nseq_len: 4096\nworkload: {training_tokens: 1.0e+12}\n",
            "model: {arch: llama, layers: 4, hidden: 512, heads: 8, kv_heads: 2, experts: 4, top_k: 2}\ncluster: {gpu: h100-sxm, nodes: 2, gpus_per_node: 8, nics: 4, nic_gbps: 200}\nparallel: {tp: 2, ep: 4}\n",
            "model: llama-3-8b\nworkload: {scope: decode, context_len: 1000, q: 4}\nbatch: {micro: 16}\n",
        ]
        for source in sources {
            let original = try Self.load(source)
            let yaml = try ScenarioFile(normalizing: original).yaml()
            let again = try Self.load(yaml, file: "dump.yaml")
            #expect(again.model == original.model)
            #expect(again.layout == original.layout)
            #expect(again.cluster.totalGPUs == original.cluster.totalGPUs && again.cluster.gpu == original.cluster.gpu)
            #expect(again.cluster.interNode?.bandwidthPerDirection == original.cluster.interNode?.bandwidthPerDirection)
            #expect(again.seqLen == original.seqLen && again.precision == original.precision && again.workload == original.workload)
            #expect(try ScenarioFile(normalizing: again).yaml() == yaml, "dump is a fixed point")
        }
    }

    @Test func flagOverridesAreLocatedAtTheFlag() throws {
        var document = try ScenarioLoader.document(yaml: "model: llama-3-8b\nparallel: {tp: 2}\n", file: "s.yaml")
        document.file.editParallel { $0.tp = 3 }
        document.setOrigin("parallel.tp", "--tp")
        document.file.setNumGPUs(3)
        do {
            _ = try document.resolve()
            Issue.record("expected an error")
        } catch {
            #expect("\(error)" == "parallel.tp (--tp): tp = 3 does not divide heads = 32")
        }
    }
}
