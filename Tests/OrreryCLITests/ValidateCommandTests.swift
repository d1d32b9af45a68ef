import Foundation
import Testing

/// End-to-end: `orrery validate` run as a built binary. The measured numbers checked here
/// are the published ones (shared/validation/published.csv), named next to each check.
struct ValidateCommandTests {
    static let suiteNames = [
        "FlashAttention-2 kernel (published)",
        "FlashAttention-3 forward kernel (published)",
        "Dense GEMM max achievable (published)",
        "H100 kernel tables, leave-one-out: GEMM",
        "H100 kernel tables, leave-one-out: attention forward",
        "H100 kernel tables, leave-one-out: elementwise forward",
        "H100 kernel tables, leave-one-out: attention forward+backward (timed call)",
        "H100 kernel tables, leave-one-out: elementwise forward+backward (timed call)",
        "Megatron-LM / Korthikanti multi-GPU training (published)",
        "nccl-tests bus bandwidth, messages >= 1 MiB (published)",
        "nccl-tests time, messages < 1 MiB (published)",
    ]

    @Test("default table: one line per suite and source, sources and kernel models listed, exit 0")
    func defaultTable() throws {
        let r = try CLIRunner.run(["validate"])
        #expect(r.exitCode == 0, "\(r.stderr)")
        for name in Self.suiteNames { #expect(r.stdout.contains(name), "missing suite \(name)") }
        #expect(r.stdout.contains("Own measurements"))
        #expect(r.stdout.contains("MAPE %") && r.stdout.contains("max APE %"))
        #expect(r.stdout.contains("kernel models:"))
        #expect(r.stdout.contains("calibration table h100-sxm-80gb"))
        #expect(r.stdout.contains("github.com/Dao-AILab/flash-attention"))
        #expect(r.stdout.contains("Korthikanti et al. 2022"))
    }

    @Test("same bytes on every run")
    func deterministic() throws {
        let a = try CLIRunner.run(["validate", "--details"])
        let b = try CLIRunner.run(["validate", "--details"])
        #expect(a.exitCode == 0)
        #expect(a.stdout == b.stdout)
    }

    @Test("--details lists cases: stas00 ml-engineering H100-SXM bf16 max achievable matmul = 794.5 TFLOP/s")
    func details() throws {
        let r = try CLIRunner.run(["validate", "--suite", "GEMM max", "--details"])
        #expect(r.exitCode == 0, "\(r.stderr)")
        #expect(r.stdout.contains("H100-SXM bf16"))
        #expect(r.stdout.contains("794.5"))
        #expect(r.stdout.contains("gemm_tflops_max_achievable"))
        #expect(!r.stdout.contains("FlashAttention-2 kernel"))
    }

    @Test("--format json: data only, every suite with its per-source summary")
    func json() throws {
        let r = try CLIRunner.run(["validate", "--format", "json"])
        #expect(r.exitCode == 0, "\(r.stderr)")
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let suites = try #require(parsed["suites"] as? [[String: Any]])
        #expect(suites.compactMap { $0["name"] as? String }.prefix(Self.suiteNames.count) == Self.suiteNames[...])
        let fa2 = try #require(suites.first)
        #expect((fa2["n"] as? Int) == 45)  // published.csv: 24 H100 + 21 A100 FlashAttention-2 rows
        #expect((fa2["by_source"] as? [[String: Any]])?.count == 2)
    }

    @Test("--format csv --details: one row per case; Korthikanti 2022 Table 5 GPT-175B selective = 13.75 s")
    func csvDetails() throws {
        let r = try CLIRunner.run(["validate", "--suite", "Megatron-LM / Korthikanti multi-GPU training (published)", "--format", "csv", "--details"])
        #expect(r.exitCode == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.first == "suite,source,label,metric,predicted,measured,ape_pct,kernel_source")
        #expect(lines.count == 1 + 29)  // 9 + 2 Megatron-Core, 10 Megatron 2021, 8 Korthikanti rows
        #expect(lines.contains { $0.contains("GPT-175B, 64 A100") && $0.contains("selective") && $0.contains(",13.75,") })
    }

    @Test("an unknown --suite is a user error: exit 2 with the suite names")
    func unknownSuite() throws {
        let r = try CLIRunner.run(["validate", "--suite", "no-such-suite"])
        #expect(r.exitCode == 2)
        #expect(r.stderr.contains("--suite"))
        #expect(r.stderr.contains("Dense GEMM max achievable (published)"))
    }
}
