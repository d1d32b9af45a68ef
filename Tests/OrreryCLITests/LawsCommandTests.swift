import Foundation
import Testing

/// `orrery laws`, end to end on the built executable.
struct LawsCommandTests {
    static var examples: String { CLIRunner.repositoryRoot.appendingPathComponent("Examples/laws").path }

    static func json(_ arguments: [String]) throws -> [String: Any] {
        let r = try CLIRunner.run(arguments)
        #expect(r.exitCode == 0, "stderr: \(r.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
    }

    /// Contract keys, and the refit against Besiroglu et al. 2024 (arXiv 2404.10102):
    /// E = 1.8172 ± 1.96·0.03, α = 0.3478 ± 1.96·0.02, β = 0.3658 ± 1.96·0.02.
    @Test func fitChinchillaJSONReproducesEpoch() throws {
        let o = try Self.json(["laws", "fit", "--form", "chinchilla", "--data", "\(Self.examples)/chinchilla_epoch_240.csv",
                               "--bootstrap", "4", "--format", "json"])
        #expect(Set(o.keys) == ["form", "params", "intervals", "fit_error"])
        #expect(o["form"] as? String == "chinchilla")
        let p = try #require(o["params"] as? [String: Double])
        #expect(Set(p.keys) == ["E", "A", "B", "alpha", "beta"])
        #expect(abs(p["E"]! - 1.8172) <= 1.96 * 0.03)
        #expect(abs(p["alpha"]! - 0.3478) <= 1.96 * 0.02)
        #expect(abs(p["beta"]! - 0.3658) <= 1.96 * 0.02)
        let intervals = try #require(o["intervals"] as? [String: [Double]])
        #expect(intervals["E"]?.count == 2)
        #expect((o["fit_error"] as? Double ?? 1) < 0.01)
    }

    @Test func fitIsDeterministicAndWritesPlot() throws {
        let dir = try CLIRunner.freshFolder("orrery-laws")
        let svg = dir.appendingPathComponent("fit.svg").path
        let args = ["laws", "fit", "--form", "mixing", "--data", "\(Self.examples)/mixing_2domain_github_pilecc.csv",
                    "--bootstrap", "2", "--seed", "7", "--format", "csv", "--plot", svg]
        let a = try CLIRunner.run(args), b = try CLIRunner.run(args)
        #expect(a.exitCode == 0, "stderr: \(a.stderr)")
        #expect(a.stdout == b.stdout)
        #expect(a.stdout.hasPrefix("parameter,value,low_95,high_95\n"))
        #expect(a.stdout.split(separator: "\n").count == 1 + 44 * 3)
        let text = try String(contentsOfFile: svg, encoding: .utf8)
        #expect(text.hasPrefix("<svg") && text.hasSuffix("</svg>\n"))
    }

    /// Hand computation (see OrreryLawsTests.ChinchillaFitTests): at C = 5.76e23 FLOP the
    /// Epoch law gives N* = 7.225e10 and D* = 1.329e12.
    @Test func optimalHandComputed() throws {
        let o = try Self.json(["laws", "optimal", "--flops", "5.76e23", "--format", "json"])
        #expect(abs((o["parameters"] as! Double) / 7.225e10 - 1) < 0.002)
        #expect(abs((o["tokens"] as! Double) / 1.329e12 - 1) < 0.002)
    }

    /// 1e6 H100-hours, MFU 0.4, 1,024 GPUs (hand computation in TrainingBudgetTests):
    /// C = 1.424736e24 FLOP, N* = 1.1493e11, D* = 2.0660e12, 40.690 days.
    @Test func budgetHandComputed() throws {
        let o = try Self.json(["laws", "budget", "--gpu-hours", "1e6", "--gpu", "h100-sxm", "--num-gpus", "1024", "--mfu", "0.4", "--format", "json"])
        #expect(abs((o["flops"] as! Double) / 1.424736e24 - 1) < 1e-9)
        #expect(abs((o["parameters"] as! Double) / 1.1493e11 - 1) < 1e-3)
        #expect(abs((o["wall_clock_days"] as! Double) - 40.690104) < 1e-5)
        #expect(o["mfu_source"] as? String == "given with --mfu")
        let assumed = try Self.json(["laws", "budget", "--gpu-hours", "1e6", "--gpu", "h100-sxm", "--num-gpus", "1024", "--format", "json"])
        #expect(assumed["mfu"] as? Double == 0.38)
        #expect((assumed["mfu_source"] as? String ?? "").contains("Llama 3"))
    }

    /// The example files are generated from known laws (Examples/laws/README.md). With those
    /// true laws at N = 1.8e9, D = 1e10 and T = 3 %, an independent script scanning r_d in
    /// steps of 1e-4 finds r_d* = 0.611 (L_g⁰ = 2.51966, L_d = 2.21687); the fitted laws
    /// must choose the same ratio.
    @Test func ratioMatchesTrueLaws() throws {
        let o = try Self.json(["laws", "ratio", "--domain-data", "\(Self.examples)/dcpt_domain_synthetic.csv",
                               "--general-data", "\(Self.examples)/dcpt_general_synthetic.csv",
                               "--model-params", "1.8e9", "--tokens", "1e10", "--max-general-increase", "0.03", "--format", "json"])
        #expect(abs((o["domain_ratio"] as! Double) - 0.611) <= 0.002)
        #expect(abs((o["baseline_general_loss"] as! Double) - 2.51966) < 1e-3)
        #expect(abs((o["domain_loss"] as! Double) - 2.21687) < 1e-3)
    }

    /// Same hand-computed case as DDKDomainSamplerTests: p(code) = 0.561230 then 0.589170.
    @Test func ddkHandComputed() throws {
        let dir = try CLIRunner.freshFolder("orrery-laws")
        let file = try CLIRunner.write("step,domain,teacher_loss,student_loss\n0,code,2,3\n0,web,2,2\n1000,code,2,3\n1000,web,2,2\n", "k.csv", in: dir)
        let r = try CLIRunner.run(["laws", "ddk", "--losses", file, "--format", "csv"])
        #expect(r.exitCode == 0, "stderr: \(r.stderr)")
        let rows = r.stdout.split(separator: "\n").map { $0.split(separator: ",").map(String.init) }
        #expect(rows[0] == ["step", "domain", "teacher_loss", "student_loss", "discrepancy", "probability"])
        #expect(abs(Double(rows[1][5])! - 0.561230) < 1e-6)
        #expect(abs(Double(rows[3][5])! - 0.589170) < 1e-6)
    }

    /// Bad input: exit 2, one message naming the row, nothing on stdout, no plot written.
    @Test(arguments: [
        ("N,D,loss\n1e9,1e10,2.5\n2e9,1e10,2.4\n", ["laws", "fit", "--form", "chinchilla"], "point(s)"),
        ("N,D,loss\n1e9,1e10,2.5\n-1,1e10,2.5\n", ["laws", "fit", "--form", "chinchilla"], "line 3 column N"),
        ("N,D,loss\n1e9,1e10,0\n", ["laws", "fit", "--form", "chinchilla"], "line 2 column loss"),
        ("N,D,r,loss\n1e9,1e10,1.5,2.5\n", ["laws", "fit", "--form", "dcpt"], "line 2 column r"),
        ("ratio_a,ratio_b,loss\n0.5,0.7,2\n", ["laws", "fit", "--form", "mixing"], "sum to 1"),
        ("step,domain,teacher_loss,student_loss\n0,a,0,2\n", ["laws", "ddk"], "line 2 column teacher_loss"),
    ])
    func badInputNamesTheRow(text: String, command: [String], needle: String) throws {
        let dir = try CLIRunner.freshFolder("orrery-laws")
        let file = try CLIRunner.write(text, "bad.csv", in: dir)
        let svg = dir.appendingPathComponent("out.svg").path
        let flag = command.contains("ddk") ? "--losses" : "--data"
        let extra = command.contains("ddk") ? [] : ["--plot", svg]
        let r = try CLIRunner.run(command + [flag, file] + extra)
        #expect(r.exitCode == 2)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr.hasPrefix("error: ") && r.stderr.contains(needle), "stderr: \(r.stderr)")
        #expect(!r.stderr.contains("Fatal error"))
        #expect(!FileManager.default.fileExists(atPath: svg))
    }

    @Test func missingFileAndBadMFU() throws {
        let a = try CLIRunner.run(["laws", "fit", "--form", "chinchilla", "--data", "/nonexistent/x.csv"])
        #expect(a.exitCode == 2 && a.stderr.contains("/nonexistent/x.csv"))
        let b = try CLIRunner.run(["laws", "budget", "--gpu-hours", "100", "--gpu", "h100-sxm", "--num-gpus", "8", "--mfu", "1.5"])
        #expect(b.exitCode == 2 && b.stderr.contains("--mfu"))
        let c = try CLIRunner.run(["laws", "budget", "--gpu-hours", "100", "--gpu", "h1000", "--num-gpus", "8"])
        #expect(c.exitCode == 2 && c.stderr.contains("unknown gpu"))
    }
}
