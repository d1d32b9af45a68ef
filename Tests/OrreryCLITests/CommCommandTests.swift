import Foundation
import Testing

/// `orrery comm` end to end: the DESIGN.md CSV columns, one row per size, and bad input.
struct CommCommandTests {
    @Test("CSV has the contract's columns and one row per size; busbw = algbw x 2(n-1)/n for all-reduce")
    func csvContract() throws {
        let r = try CLIRunner.run(["comm", "--cluster", "dgx-h100", "--nodes", "4", "--op", "all-reduce", "--group", "32",
                                   "--sizes", "1M..8G", "--format", "csv"])
        #expect(r.exitCode == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "op,nodes,gpus_per_node,ranks,size_bytes,time_us,algbw_gbs,busbw_gbs,algorithm,protocol")
        #expect(lines.count == 1 + 14)
        let first = lines[1].split(separator: ",").map(String.init)
        #expect(first[0] == "all-reduce" && first[1] == "4" && first[2] == "8" && first[3] == "32" && first[4] == "1048576")
        let algbw = try #require(Double(first[6])), busbw = try #require(Double(first[7]))
        #expect(abs(busbw / algbw - 2 * 31 / 32) < 1e-3)
    }

    @Test("Custom cluster and JSON output")
    func customJSON() throws {
        let r = try CLIRunner.run(["comm", "--gpu", "a100-sxm-80gb", "--gpus-per-node", "8", "--inter", "ib-hdr", "--nics", "8",
                                   "--nic-gbps", "200", "--nodes", "2", "--op", "all-gather", "--sizes", "64M,1G", "--format", "json"])
        #expect(r.exitCode == 0, "\(r.stderr)")
        let data = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]]
        #expect(data?.count == 2)
        #expect(data?.first?["busbw_gbs"] is Double)
    }

    @Test("Bad input exits 2 naming the field", arguments: [
        (["comm", "--cluster", "dgx-h100", "--group", "64"], "--group"),
        (["comm", "--cluster", "dgx-h100", "--sizes", "0"], "--sizes"),
        (["comm", "--cluster", "dgx-h100", "--sizes", "-5"], "--sizes"),
        (["comm", "--gpu", "h100", "--inter", "warp-drive"], "warp-drive"),
        (["comm", "--cluster", "dgx-h100", "--op", "all-sum"], "--op"),
        (["comm", "--cluster", "dgx-h100", "--algorithm", "butterfly"], "--algorithm"),
        (["comm"], "--cluster"),
        (["comm", "--cluster", "dgx-a100", "--algorithm", "nvls"], "--algorithm"),
    ])
    func badInput(arguments: [String], needle: String) throws {
        let r = try CLIRunner.run(arguments)
        #expect(r.exitCode == 2)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr.hasPrefix("error: ") && r.stderr.contains(needle), "\(r.stderr)")
    }
}
