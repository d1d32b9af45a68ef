import Foundation
import Testing

/// `orrery plan` end to end: the DESIGN.md JSON contract, CSV, the readable table, exports
/// and the bad-input answers (exit code 2, message on stderr, nothing half-written).
struct PlanCommandTests {
    /// Llama-3-8B on one 8-GPU H100 node: small enough to search quickly in debug builds.
    static let small = ["plan", "--model", "llama-3-8b", "--gpu", "h100-sxm", "--num-gpus", "8", "--seq-len", "2048",
                        "--global-batch", "32", "--top", "4"]
    static let contractKeys = ["tp", "pp", "dp", "cp", "ep", "vpp", "zero", "recompute", "micro_batch", "step_time_s",
                               "tokens_per_s_per_gpu", "mfu", "peak_memory_gib", "fits"]

    static func tempDir() throws -> URL {
        try CLIRunner.freshFolder("orrery-plan")
    }

    @Test("--format json: candidates_evaluated and best-first plans with the contract's keys")
    func jsonContract() throws {
        let r = try CLIRunner.run(Self.small + ["--format", "json"])
        #expect(r.exitCode == 0, "\(r.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let evaluated = try #require(object["candidates_evaluated"] as? Int)
        #expect(evaluated > 0)
        let plans = try #require(object["plans"] as? [[String: Any]])
        #expect(plans.count == 4)
        for plan in plans {
            for key in Self.contractKeys { #expect(plan[key] != nil, "missing \(key)") }
            #expect(plan["fits"] as? Bool == true)
            let world = (plan["tp"] as! Int) * (plan["pp"] as! Int) * (plan["dp"] as! Int) * (plan["cp"] as! Int)
            #expect(world == 8)
        }
        let times = plans.map { $0["step_time_s"] as! Double }
        #expect(times == times.sorted())
        #expect((object["ranked_by"] as? String)?.contains("TrainingEstimator") == true)
    }

    @Test("Same inputs give the same bytes")
    func deterministic() throws {
        let a = try CLIRunner.run(Self.small + ["--format", "json"])
        let b = try CLIRunner.run(Self.small + ["--format", "json"])
        #expect(a.exitCode == 0 && a.stdout == b.stdout)
    }

    @Test("--format csv: a header with the contract's keys first, one row per plan")
    func csv() throws {
        let r = try CLIRunner.run(Self.small + ["--format", "csv"])
        #expect(r.exitCode == 0)
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.count == 5)
        #expect(lines[0].split(separator: ",").prefix(14).map(String.init) == Self.contractKeys)
    }

    @Test("The table explains why each plan loses and prices the training run")
    func table() throws {
        let r = try CLIRunner.run(Self.small + ["--train-tokens", "1e11", "--usd-per-gpu-hour", "2"])
        #expect(r.exitCode == 0)
        #expect(r.stdout.contains("candidates evaluated"))
        #expect(r.stdout.contains("#2 loses by"))
        #expect(r.stdout.contains("GPU-hours") && r.stdout.contains("$"))
    }

    @Test("--export megatron --export-file writes the launch arguments atomically")
    func exportMegatronToFile() throws {
        let dir = try Self.tempDir()
        let path = dir.appendingPathComponent("launch.sh").path
        let r = try CLIRunner.run(Self.small + ["--export", "megatron", "--export-file", path, "--format", "json"])
        #expect(r.exitCode == 0, "\(r.stderr)")
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.contains("--tensor-model-parallel-size") && text.contains("--global-batch-size 32"))
        #expect(r.stdout.contains("candidates_evaluated"))
    }

    @Test("--export deepspeed / torchtitan print to stdout without a file", arguments: ["deepspeed", "torchtitan"])
    func exportToStdout(format: String) throws {
        let r = try CLIRunner.run(Self.small + ["--export", format])
        #expect(r.exitCode == 0)
        #expect(r.stdout.contains(format == "deepspeed" ? "\"train_batch_size\" : 32" : "global_batch_size = 32"))
    }

    @Test("An export into a missing folder fails with exit 2 and leaves no file")
    func exportIntoMissingFolder() throws {
        let path = try Self.tempDir().appendingPathComponent("missing/launch.sh").path
        let r = try CLIRunner.run(Self.small + ["--export", "torchtitan", "--export-file", path])
        #expect(r.exitCode == 2)
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test("A model that fits nowhere on the cluster gets that answer with the smallest cluster that fits")
    func doesNotFit() throws {
        let r = try CLIRunner.run(["plan", "--model", "llama-3-8b", "--gpu", "a10", "--num-gpus", "1", "--seq-len", "1024",
                                   "--global-batch", "8"])
        #expect(r.exitCode == 2)
        #expect(r.stderr.contains("does not fit on 1 a10 at any layout"))
        #expect(r.stderr.contains("smallest cluster that fits is"))
    }

    @Test("A global batch that no dp × micro-batch divides is explained")
    func indivisibleBatch() throws {
        let r = try CLIRunner.run(["plan", "--model", "llama-3-8b", "--gpu", "h100-sxm", "--num-gpus", "16", "--global-batch", "7",
                                   "--tp", "1", "--pp", "1"])
        #expect(r.exitCode == 2)
        #expect(r.stderr.contains("global_batch = 7 is not a multiple of dp·micro_batch"))
    }

    @Test("Bad flags exit 2 with a message", arguments: [
        ["plan", "--model", "llama-3-8b", "--gpu", "h100-sxm", "--num-gpus", "8"],                                  // no --global-batch
        ["plan", "--model", "no-such-model", "--gpu", "h100-sxm", "--num-gpus", "8", "--global-batch", "8"],
        ["plan", "--model", "llama-3-8b", "--gpu", "h100-sxm", "--num-gpus", "8", "--global-batch", "8", "--export", "jax"],
        ["plan", "--model", "llama-3-8b", "--gpu", "h100-sxm", "--num-gpus", "8", "--global-batch", "8", "--precision", "fp4"],
        ["plan", "--model", "llama-3-8b", "--gpu", "h100-sxm", "--num-gpus", "8", "--global-batch", "8", "--top", "0"],
        ["plan", "--model", "llama-3-8b", "--gpu", "h100-sxm", "--num-gpus", "8", "--global-batch", "8", "--train-tokens", "-5"],
    ])
    func badFlags(arguments: [String]) throws {
        let r = try CLIRunner.run(arguments)
        #expect(r.exitCode == 2)
        #expect(r.stderr.hasPrefix("error: "))
    }
}
