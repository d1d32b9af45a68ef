import Foundation
import Testing

/// `orrery estimate` end to end: the batch-estimate contract of DESIGN.md and the
/// single-scenario views.
struct EstimateCommandTests {
    static let outputColumns = ["step_time_s", "tokens_per_s_per_gpu", "model_tflops_per_gpu", "mfu", "peak_memory_gib",
                                "fits", "fwd_ms", "fwdbwd_ms", "activation_bytes", "latency_ms", "error"]

    static func file(_ text: String, _ name: String) throws -> String {
        try CLIRunner.write(text, name, in: CLIRunner.freshFolder("orrery-est"))
    }

    static func lines(_ csv: String) -> [[String]] {
        csv.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
    }

    @Test("A bad row gets its message in `error` and empty results; the other rows still run; exit 0")
    func badRowDoesNotStopTheBatch() throws {
        let path = try Self.file("""
            name,model,scope,tp,micro_batch
            good,llama-3-8b,layer,2,1
            bad,llama-3-8b,layer,3,1
            decode,llama-3-8b,decode,1,8
            """, "in.csv")
        let r = try CLIRunner.run(["estimate", "--scenarios", path, "--format", "csv"])
        #expect(r.exitCode == 0)
        let rows = Self.lines(r.stdout)
        #expect(rows.count == 4)
        #expect(rows[0] == ["name", "model", "scope", "tp", "micro_batch"] + Self.outputColumns)
        let fwd = rows[0].firstIndex(of: "fwd_ms")!, error = rows[0].firstIndex(of: "error")!
        #expect(Double(rows[1][fwd])! > 0 && rows[1][error].isEmpty)
        #expect(rows[2][fwd].isEmpty && r.stdout.contains("does not divide"))
        let latency = rows[0].firstIndex(of: "latency_ms")!
        #expect(Double(rows[3][latency])! > 0)
    }

    @Test("An unreadable batch file: message on stderr, exit 2, nothing on stdout")
    func missingFile() throws {
        let r = try CLIRunner.run(["estimate", "--scenarios", "/nonexistent/in.csv", "--format", "csv"])
        #expect(r.exitCode == 2 && r.stdout.isEmpty && r.stderr.contains("/nonexistent/in.csv"))
    }

    @Test("Same inputs, same bytes (deterministic output)")
    func deterministic() throws {
        let path = try Self.file("model,scope,seq_len,micro_batch\ngpt3-1.3b,step,2048,4\nllama-3-8b,prefill,2048,2\n", "in.csv")
        let a = try CLIRunner.run(["estimate", "--scenarios", path, "--format", "csv"])
        let b = try CLIRunner.run(["estimate", "--scenarios", path, "--format", "csv"])
        #expect(a.exitCode == 0 && a.stdout == b.stdout)
    }

    @Test("One scenario: the report names step time, MFU, the time and memory breakdowns and the kernel source")
    func humanView() throws {
        let r = try CLIRunner.run(["estimate", "--model", "gpt3-1.3b", "--gpu", "h100-sxm", "--num-gpus", "1",
                                   "--precision", "amp-bf16", "--micro-batch", "4"])
        #expect(r.exitCode == 0)
        for needle in ["step time", "MFU", "time per step", "memory at the peak", "optimizer_states", "calibration table h100-sxm-80gb"] {
            #expect(r.stdout.contains(needle), "missing \(needle)")
        }
    }

    @Test("--sequence-parallel keeps 1/tp of the norm-region activations (Korthikanti et al. 2022 §4.2.2)")
    func sequenceParallelFlag() throws {
        let base = ["estimate", "--model", "llama-3-8b", "--scope", "layer", "--tp", "4", "--seq-len", "4096", "--format", "json"]
        func activations(_ extra: [String]) throws -> Double {
            let r = try CLIRunner.run(base + extra)
            #expect(r.exitCode == 0)
            let o = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
            return o?["activation_bytes"] as? Double ?? 0
        }
        let without = try activations([]), with = try activations(["--sequence-parallel"])
        // Input, norm output, residual and the second norm's output: 4 × 2sbh, of which 3/4 go.
        let sbh: Double = 4096 * 4096
        let rmsStatistics: Double = 2 * 4 * 4096                     // two RMSNorms' fp32 rstd
        #expect(without - with == (4 * 2 * sbh + rmsStatistics) * 3 / 4)
    }

    @Test("--format json prints data only, with the contract's keys")
    func json() throws {
        let r = try CLIRunner.run(["estimate", "--model", "llama-3-8b", "--scope", "decode", "--micro-batch", "8",
                                   "--context-len", "2048", "--format", "json"])
        #expect(r.exitCode == 0)
        let object = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
        #expect((object?["latency_ms"] as? Double ?? 0) > 0)
        #expect(object?["fits"] as? Double == 1)
    }

    @Test("-o writes atomically: a failing run leaves no file behind")
    func nothingHalfWritten() throws {
        let out = try CLIRunner.freshFolder("orrery-out").appendingPathComponent("out.csv").path
        let r = try CLIRunner.run(["estimate", "--model", "no-such-model", "-o", out])
        #expect(r.exitCode == 2)
        #expect(!FileManager.default.fileExists(atPath: out))
        let ok = try CLIRunner.run(["estimate", "--model", "llama-3-8b", "--scope", "layer", "--format", "csv", "-o", out])
        #expect(ok.exitCode == 0 && ok.stdout.isEmpty)
        #expect(try String(contentsOfFile: out, encoding: .utf8).hasPrefix("name,scope,step_time_s"))
    }
}
