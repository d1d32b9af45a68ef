import Foundation
import OrreryCore
import OrreryCost

/// `estimate-batch`: 10,000 varied rows of the batch-estimate contract, parsed and
/// estimated in process (target: under 1 s in a release build), then the same file through
/// the `orrery` binary beside this one, end to end.
enum EstimateBatchBenchmark {
    static func csv(rows: Int) -> String {
        let models = ["gpt3-350m", "gpt3-1.3b", "gpt3-2.7b", "llama-3-8b", "llama-2-13b", "llama-3-70b", "mixtral-8x7b", "qwen2.5-7b"]
        var lines = ["name,model,scope,seq_len,gpu,tp,pp,dp,micro_batch,global_batch,recompute,precision,prompt_len,context_len"]
        for i in 0..<rows {
            let model = models[i % models.count]
            let mb = [1, 2, 4, 8][(i / 8) % 4]
            // GPT-3 has learned positions up to 2048; the others go to 8192.
            let seq = model.hasPrefix("gpt3") ? [512, 1024, 2048, 2048][(i / 32) % 4] : [512, 2048, 4096, 8192][(i / 32) % 4]
            let recompute = ["none", "full", "selective"][(i / 128) % 3]
            switch i % 4 {
            case 0: lines.append("r\(i),\(model),layer,\(seq),h100-sxm,\([1, 2, 4, 8][(i / 4) % 4]),1,1,\(mb),\(mb),\(recompute),bf16,,")
            case 1:
                let big = model.contains("70b") || model.contains("mixtral") || model.contains("13b")
                let tp = big ? 8 : 1, pp = big ? 2 : 1
                lines.append("r\(i),\(model),step,\(seq),h100-sxm,\(tp),\(pp),2,\(mb),\(mb * 2 * 4),\(recompute),bf16-mixed,,")
            case 2: lines.append("r\(i),\(model),prefill,\(seq),h100-sxm,1,1,1,\(mb),\(mb),none,bf16,\(seq),")
            default: lines.append("r\(i),\(model),decode,\(seq),h100-sxm,1,1,1,\(mb * 8),\(mb * 8),none,bf16,,\(seq)")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func run() {
        let text = csv(rows: 10_000)
        let estimator = ScenarioEstimator()
        _ = estimator.estimateAll([])   // nothing to warm; the kernel model fits on first use
        let (table, parse) = Stopwatch.time { try? BatchScenarioTable.parse(data: Data(text.utf8), file: "bench.csv") }
        guard let table else { print("parse failed"); return }
        let (results, estimate) = Stopwatch.time { estimator.estimateAll(table.rows.map(\.scenario)) }
        let failed = results.filter { if case .failure = $0 { return true } else { return false } }.count
        print(String(format: "rows 10000  parse %.3f s  estimate %.3f s  total %.3f s  (%d rows with errors)",
                     parse, estimate, parse + estimate, failed))
        if let e = results.first(where: { if case .failure = $0 { return true } else { return false } }), case .failure(let err) = e {
            print("  first error: \(err)")
        }

        let dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let binary = dir.appendingPathComponent("orrery")
        guard FileManager.default.isExecutableFile(atPath: binary.path) else { return }
        let input = FileManager.default.temporaryDirectory.appendingPathComponent("orrery-bench-\(getpid()).csv")
        try? Data(text.utf8).write(to: input)
        defer { try? FileManager.default.removeItem(at: input) }
        let (status, wall) = Stopwatch.time { () -> Int32 in
            let p = Process()
            p.executableURL = binary
            p.arguments = ["estimate", "--scenarios", input.path, "--format", "csv"]
            p.standardOutput = FileHandle.nullDevice
            try? p.run()
            p.waitUntilExit()
            return p.terminationStatus
        }
        print(String(format: "end to end: orrery estimate --scenarios (10000 rows) --format csv: %.3f s (exit %d)", wall, status))
    }
}
