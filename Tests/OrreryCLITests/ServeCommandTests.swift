import Testing
import Foundation

/// End-to-end tests of `orrery serve` (the built binary).
struct ServeCommandTests {
    static let base = ["serve", "--model", "llama-3.1-8b", "--gpu", "h100-sxm"]

    func json(_ r: CLIResult) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
    }

    @Test("--format json prints the DESIGN.md keys (data only) and they are consistent")
    func contract() throws {
        let r = try CLIRunner.run(Self.base + ["--tp", "1", "--replicas", "2", "--rate", "4", "--duration-s", "20", "--prompt-len", "256",
                                               "--output-len", "uniform:16:64", "--seed", "3", "--format", "json"])
        #expect(r.exitCode == 0, "\(r.stderr)")
        let o = try json(r)
        for key in ["simulated_s", "requests_completed", "output_tokens_per_s", "requests_per_s", "ttft_ms", "tpot_ms", "e2e_ms"] {
            #expect(o[key] != nil, "missing \(key)")
        }
        for key in ["ttft_ms", "tpot_ms", "e2e_ms"] {
            let s = try #require(o[key] as? [String: Any])
            #expect(s["mean"] is Double && s["p50"] is Double && s["p99"] is Double)
        }
        let done = try #require(o["requests_completed"] as? Int)
        let t = try #require(o["simulated_s"] as? Double), rps = try #require(o["requests_per_s"] as? Double)
        #expect(abs(Double(done) / t - rps) / rps < 1e-4)
    }

    @Test("Same flags and seed give the same bytes")
    func deterministic() throws {
        let args = Self.base + ["--rate", "5", "--duration-s", "10", "--seed", "9", "--spec-tokens", "3", "--format", "json"]
        let a = try CLIRunner.run(args), b = try CLIRunner.run(args)
        #expect(a.exitCode == 0 && a.stdout == b.stdout)
    }

    @Test("A trace file runs; its requests all complete; a Chrome trace is written")
    func traceFile() throws {
        let dir = try CLIRunner.freshFolder("orrery-serve")
        defer { try? FileManager.default.removeItem(at: dir) }
        let trace = dir.appendingPathComponent("t.csv")
        try "arrival_s,prompt_tokens,output_tokens,adapter\n0,100,10,\n0.5,200,20,sql\n1.0,300,5,chat\n".write(to: trace, atomically: true, encoding: .utf8)
        let chrome = dir.appendingPathComponent("trace.json")
        let r = try CLIRunner.run(Self.base + ["--trace", trace.path, "--adapters", "sql,chat", "--chrome-trace", chrome.path, "--format", "json"])
        #expect(r.exitCode == 0, "\(r.stderr)")
        #expect(try json(r)["requests_completed"] as? Int == 3)
        let events = try #require(JSONSerialization.jsonObject(with: Data(contentsOf: chrome)) as? [String: Any])
        #expect((events["traceEvents"] as? [Any])?.isEmpty == false)
    }

    @Test("Bad input exits 2 with a message naming the line or flag", arguments: [
        ("arrival_s,prompt_tokens,output_tokens\n0,10,5\n1,-4,5\n", [String](), "t.csv:3"),
        ("arrival_s,prompt_tokens,output_tokens\n0,10,\n", [String](), "t.csv:2: output_tokens is missing"),
        ("arrival_s,prompt_tokens,output_tokens,adapter\n0,10,5,zzz\n", ["--adapters", "2"], "adapter 'zzz' is not defined"),
        ("arrival_s,prompt_tokens,output_tokens\n0,10,5\n0,50000,10\n", ["--kv-budget-gib", "1"], "t.csv:3: the request needs 50010 tokens"),
    ])
    func badTrace(text: String, extra: [String], message: String) throws {
        let dir = try CLIRunner.freshFolder("orrery-serve-bad")
        defer { try? FileManager.default.removeItem(at: dir) }
        try text.write(to: dir.appendingPathComponent("t.csv"), atomically: true, encoding: .utf8)
        let r = try CLIRunner.run(Self.base + ["--trace", "t.csv", "--format", "json"] + extra, in: dir)
        #expect(r.exitCode == 2)
        #expect(r.stderr.contains(message), "\(r.stderr)")
        #expect(r.stdout.isEmpty)
    }

    @Test("Bad flags exit 2 naming the flag", arguments: [
        (["--rate", "-1"], "--rate"), (["--rate", "1", "--prompt-len", "zipf:3"], "--prompt-len"),
        (["--rate", "1", "--engine", "tgi"], "--engine"), (["--rate", "1", "--router", "random"], "--router"),
        (["--rate", "1", "--spec-tokens", "40"], "--spec-tokens"), (["--rate", "1", "--capacity"], "--capacity needs an SLO"),
    ])
    func badFlags(extra: [String], message: String) throws {
        let r = try CLIRunner.run(Self.base + ["--duration-s", "5"] + extra)
        #expect(r.exitCode == 2)
        #expect(r.stderr.contains(message), "\(r.stderr)")
    }

    @Test("The shipped example traces run")
    func examples() throws {
        let dir = CLIRunner.repositoryRoot.appendingPathComponent("Examples/serve")
        for name in ["chat-poisson.csv", "bursty-lora.csv"] {
            var args = Self.base + ["--trace", dir.appendingPathComponent(name).path, "--format", "json"]
            if name.contains("lora") { args += ["--adapters", "8", "--lora-slots", "4"] }
            let r = try CLIRunner.run(args)
            #expect(r.exitCode == 0, "\(name): \(r.stderr)")
        }
    }
}
