import Foundation
import Testing
import OrreryCore
@testable import OrreryCost

/// Randomised rows of extreme values through the batch path: every row ends as an estimate
/// with finite, non-negative numbers or as an error message — never a crash.
struct RobustnessTests {
    static let values = ["0", "1", "2", "3", "7", "8", "64", "1000", "4096", "1048576", "1048577", "16777216",
                         "16777217", "-1", "99999999999999999999", "x", ""]
    static let columns = ["model", "scope", "seq_len", "micro_batch", "global_batch", "tp", "pp", "dp", "cp", "ep",
                          "vpp", "zero", "recompute", "precision", "prompt_len", "context_len", "q"]

    /// SplitMix64, so a failing seed can be replayed.
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    @Test("Extreme batch rows never crash and give finite results", arguments: [1, 2, 3, 4])
    func extremeRows(seed: UInt64) throws {
        var g = Generator(state: seed)
        var lines = [Self.columns.joined(separator: ",")]
        for _ in 0..<150 {
            var row: [String] = []
            for c in Self.columns {
                switch c {
                case "model": row.append(["llama-3-8b", "gpt3-350m", "mixtral-8x7b", "llama-3-70b"].randomElement(using: &g)!)
                case "scope": row.append(["step", "layer", "prefill", "decode", ""].randomElement(using: &g)!)
                case "recompute": row.append(["none", "full", "selective", "", "x"].randomElement(using: &g)!)
                case "precision": row.append(["bf16", "amp-bf16", "bf16-mixed", "fp8", "", "fp64"].randomElement(using: &g)!)
                default: row.append(Int.random(in: 0..<10, using: &g) < 8 ? "" : Self.values.randomElement(using: &g)!)
                }
            }
            lines.append(row.joined(separator: ","))
        }
        let table = try BatchScenarioTable.parse(data: Data(lines.joined(separator: "\n").utf8), file: "fuzz.csv")
        let results = ScenarioEstimator().estimateAll(table.rows.map(\.scenario))
        #expect(results.count == 150, "seed \(seed)")
        let estimated = results.filter { if case .success = $0 { return true } else { return false } }.count
        #expect(estimated > 5, "seed \(seed): only \(estimated) rows were valid enough to estimate")
        for case .success(let r) in results {
            for value in [r.stepTime?.value, r.forward?.value, r.forwardBackward?.value, r.latency?.value, r.peakMemory?.value, r.mfu] {
                if let value { #expect(value.isFinite && value >= 0, "seed \(seed)") }
            }
        }
    }
}
