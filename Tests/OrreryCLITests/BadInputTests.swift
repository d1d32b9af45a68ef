import Foundation
import Testing

/// Bad input, end to end: the built `orrery` exits 2 with one message on stderr that names
/// the field, the value and what is allowed; no crash, no stack trace, nothing on stdout.
struct BadInputTests {
    /// Runs orrery and checks the common contract; returns stderr.
    @discardableResult
    static func rejects(_ arguments: [String], mentioning needles: [String],
                        sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let r = try CLIRunner.run(arguments)
        #expect(r.exitCode == 2, "exit code for \(arguments)", sourceLocation: sourceLocation)
        #expect(r.stdout.isEmpty, "stdout should be empty, got: \(r.stdout)", sourceLocation: sourceLocation)
        #expect(r.stderr.hasPrefix("error: "), "stderr: \(r.stderr)", sourceLocation: sourceLocation)
        for bad in ["Fatal error", "Stack dump", "backtrace", "Current stack trace", "Illegal instruction"] {
            #expect(!r.stderr.contains(bad), "crash output: \(r.stderr)", sourceLocation: sourceLocation)
        }
        for needle in needles {
            #expect(r.stderr.contains(needle), "stderr should mention '\(needle)': \(r.stderr)", sourceLocation: sourceLocation)
        }
        return r.stderr
    }

    @Test func unknownModelSuggestsTheNearest() throws {
        try Self.rejects(["scenario", "--model", "llama-3-8"], mentioning: ["unknown model 'llama-3-8'", "'llama-3-8b'"])
    }

    @Test func unknownGPU() throws {
        try Self.rejects(["scenario", "--model", "llama-3-8b", "--gpu", "h1000"], mentioning: ["unknown gpu 'h1000'", "'h100-sxm'"])
    }

    @Test func unknownCluster() throws {
        try Self.rejects(["scenario", "--model", "llama-3-8b", "--cluster", "dgx-h1000"], mentioning: ["unknown cluster 'dgx-h1000'", "'dgx-h100'"])
    }

    @Test func malformedYAMLGivesFileLineColumn() throws {
        let dir = try CLIRunner.freshFolder("orrery-bad")
        let path = try CLIRunner.write("model: llama-3-8b\nparallel: {tp: 2\nseq_len: 4096\n", "broken.yaml", in: dir)
        let err = try Self.rejects(["scenario", "--scenario", path], mentioning: ["broken.yaml:", "malformed YAML"])
        #expect(err.range(of: #"broken\.yaml:\d+:\d+: "#, options: .regularExpression) != nil, "\(err)")
    }

    @Test func unknownYAMLKeyNamesPathLineAndSuggestion() throws {
        let dir = try CLIRunner.freshFolder("orrery-bad")
        let path = try CLIRunner.write("model: llama-3-8b\nnum_gpus: 8\nparallel:\n  tp: 2\n  tpp: 2\n", "scn.yaml", in: dir)
        try Self.rejects(["scenario", "--scenario", path], mentioning: ["scn.yaml:5:3: unknown key parallel.tpp; did you mean tp?"])
    }

    @Test func yamlValueOfTheWrongType() throws {
        let dir = try CLIRunner.freshFolder("orrery-bad")
        let path = try CLIRunner.write("model: llama-3-8b\nparallel:\n  tp: two\n", "scn.yaml", in: dir)
        try Self.rejects(["scenario", "--scenario", path], mentioning: ["scn.yaml:3:3: parallel.tp = two is not allowed: an integer"])
    }

    @Test func malformedJSONConfigGivesLineColumn() throws {
        let dir = try CLIRunner.freshFolder("orrery-bad")
        let path = try CLIRunner.write("{\n  \"architectures\": [\"LlamaForCausalLM\"],\n  \"hidden_size\": 4096,,\n}\n", "config.json", in: dir)
        try Self.rejects(["scenario", "--model", path], mentioning: ["config.json:3:23: malformed JSON"])
    }

    @Test func unsupportedArchitectures() throws {
        let dir = try CLIRunner.freshFolder("orrery-bad")
        let path = try CLIRunner.write(#"{"architectures": ["BertForMaskedLM"], "hidden_size": 768}"#, "config.json", in: dir)
        try Self.rejects(["scenario", "--model", path], mentioning: ["architectures = BertForMaskedLM is not supported", "LlamaForCausalLM", "GPT2LMHeadModel"])
    }

    @Test func missingConfigKey() throws {
        let dir = try CLIRunner.freshFolder("orrery-bad")
        let path = try CLIRunner.write(#"{"architectures": ["LlamaForCausalLM"], "num_hidden_layers": 2}"#, "config.json", in: dir)
        try Self.rejects(["scenario", "--model", path], mentioning: ["config.json: hidden_size = (missing)"])
    }

    @Test func tpNotDividingHeads() throws {
        try Self.rejects(["scenario", "--model", "llama-3-8b", "--tp", "3"], mentioning: ["parallel.tp", "tp = 3 does not divide heads = 32"])
    }

    @Test func worldSizeDiffersFromTheCluster() throws {
        try Self.rejects(["scenario", "--model", "llama-3-8b", "--cluster", "dgx-h100", "--nodes", "8", "--tp", "8", "--pp", "4", "--dp", "3"],
                         mentioning: ["tp·pp·dp·cp = 8·4·3·1 = 96 but the cluster has 64 GPUs"])
    }

    @Test func negativeMicroBatch() throws {
        try Self.rejects(["scenario", "--model", "llama-3-8b", "--micro-batch", "-1"],
                         mentioning: ["batch.micro (--micro-batch) = -1 is not allowed: a positive integer"])
    }

    @Test func badPrecision() throws {
        try Self.rejects(["scenario", "--model", "llama-3-8b", "--precision", "fp16"],
                         mentioning: ["precision (--precision) = fp16 is not allowed", "bf16, amp-bf16, bf16-mixed or fp8"])
    }

    @Test func badRecompute() throws {
        try Self.rejects(["scenario", "--model", "llama-3-8b", "--recompute", "partial"],
                         mentioning: ["parallel.recompute (--recompute) = partial", "none, selective or full"])
    }

    @Test func zeroStageFive() throws {
        try Self.rejects(["scenario", "--model", "llama-3-8b", "--zero", "5"], mentioning: ["parallel.zero (--zero) = 5", "0, 1, 2 or 3"])
    }

    @Test func globalBatchNotDivisible() throws {
        try Self.rejects(["scenario", "--model", "llama-3-8b", "--num-gpus", "8", "--global-batch", "12"],
                         mentioning: ["batch.global (--global-batch)", "12 is not a multiple of dp·micro_batch = 8·1 = 8"])
    }

    @Test func badScope() throws {
        try Self.rejects(["scenario", "--model", "llama-3-8b", "--scope", "train"], mentioning: ["workload.scope (--scope) = train", "step, layer, prefill or decode"])
    }

    @Test func nonNumericFlag() throws {
        try Self.rejects(["scenario", "--model", "llama-3-8b", "--tp", "two"], mentioning: ["two", "--tp"])
    }

    @Test func hugeValueIsAnErrorNotAnOverflow() throws {
        try Self.rejects(["scenario", "--model", "llama-3-8b", "--tp", "4611686018427387904", "--pp", "4"],
                         mentioning: ["parallel.tp (--tp) = 4611686018427387904 is not allowed: a positive integer ≤ 16777216"])
    }

    @Test func missingScenarioFile() throws {
        try Self.rejects(["scenario", "--scenario", "/nonexistent/scenario.yaml"], mentioning: ["/nonexistent/scenario.yaml: no such file"])
    }

    @Test func missingModel() throws {
        try Self.rejects(["scenario", "--gpu", "h100-sxm"], mentioning: ["model = (missing)", "catalog name"])
    }

    @Test func csvWithUnknownColumn() throws {
        let dir = try CLIRunner.freshFolder("orrery-bad")
        let path = try CLIRunner.write("model,tpp\nllama-3-8b,2\n", "in.csv", in: dir)
        try Self.rejects(["scenario", "--scenarios", path], mentioning: ["in.csv:1: unknown column 'tpp'; did you mean 'tp'?", "allowed columns: name, model"])
    }

    @Test func csvMalformed() throws {
        let dir = try CLIRunner.freshFolder("orrery-bad")
        let path = try CLIRunner.write("model,name\nllama-3-8b,\"never closed\nllama-3-8b,b\n", "in.csv", in: dir)
        try Self.rejects(["scenario", "--scenarios", path], mentioning: ["in.csv:2:12: unterminated quoted field"])
    }

    @Test func csvMissingFile() throws {
        try Self.rejects(["scenario", "--scenarios", "/nonexistent/in.csv"], mentioning: ["/nonexistent/in.csv: no such file"])
    }

    /// Not bad input: a CSV with one bad row still exits 0 and reports the row in an error column.
    @Test func csvBadRowIsReportedInTheErrorColumn() throws {
        let dir = try CLIRunner.freshFolder("orrery-bad")
        let path = try CLIRunner.write("model,tp\nllama-3-8b,2\nllama-3-8b,3\n", "in.csv", in: dir)
        let r = try CLIRunner.run(["scenario", "--scenarios", path])
        #expect(r.exitCode == 0 && r.stderr.isEmpty)
        #expect(r.stdout == "model,tp,error\nllama-3-8b,2,\nllama-3-8b,3,\"row 2, column tp: tp = 3 does not divide heads = 32\"\n")
    }

    /// Not bad input: every example under Scenarios/ prints its effective YAML.
    @Test func exampleScenariosDump() throws {
        let dir = CLIRunner.repositoryRoot.appendingPathComponent("Scenarios")
        for file in try FileManager.default.contentsOfDirectory(atPath: dir.path) where file.hasSuffix(".yaml") {
            let r = try CLIRunner.run(["scenario", "--scenario", dir.appendingPathComponent(file).path])
            #expect(r.exitCode == 0, "\(file): \(r.stderr)")
            #expect(r.stdout.contains("parallel:") && r.stdout.contains("workload:"), "\(file)")
        }
    }
}
