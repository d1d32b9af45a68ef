import Foundation
import Testing

/// `orrery laws budget --plan`: the scaling law and the planner together.
struct LawsBudgetPlanTests {
    @Test("JSON carries N*, D*, the planned layout, its MFU and days; --mfu with --plan is refused")
    func planned() throws {
        let r = try CLIRunner.run(["laws", "budget", "--gpu-hours", "1e5", "--gpu", "h100", "--num-gpus", "256", "--plan",
                                   "--seq-len", "4096", "--format", "json"])
        #expect(r.exitCode == 0, "\(r.stderr)")
        let o = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        for key in ["parameters", "tokens", "tp", "pp", "dp", "mfu", "planned_days", "mfu_rounds"] { #expect(o[key] != nil, "missing \(key)") }
        let bad = try CLIRunner.run(["laws", "budget", "--gpu-hours", "1e5", "--gpu", "h100", "--num-gpus", "256", "--plan", "--mfu", "0.4"])
        #expect(bad.exitCode == 2 && bad.stderr.contains("--mfu"))
    }

    @Test("Bad --plan input names the flag: a budget too large for the shape rule, no sequence length, a batch below one sequence",
          arguments: [(["--gpu-hours", "1e12"], "--gpu-hours"), (["--gpu-hours", "1e5", "--seq-len", "0"], "--seq-len"),
                      (["--gpu-hours", "1e5", "--global-batch-tokens", "10"], "--global-batch-tokens")])
    func badPlanInput(extra: [String], field: String) throws {
        let r = try CLIRunner.run(["laws", "budget", "--gpu", "h100", "--num-gpus", "256", "--plan"] + extra)
        #expect(r.exitCode == 2 && r.stdout.isEmpty)
        #expect(r.stderr.hasPrefix("error: ") && r.stderr.contains(field), "\(r.stderr)")
    }
}
