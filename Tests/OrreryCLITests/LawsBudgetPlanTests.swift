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
}
