import Foundation
import OrreryCore
import OrreryCost

extension ServeValidationSuites {
    /// MT-bench as run by vLLM's `examples/offline_inference/eagle.py` at batch 1: prompt
    /// and output lengths are not in the source; 100-token prompts and 256-token outputs
    /// are assumed (MT-bench first turns are short questions; 256 = the example's
    /// max_tokens, assumed).
    static let mtBenchPrompt = 100, mtBenchOutput = 256

    static func eagleSpec(_ k: Int, alpha: Double) -> SpeculativeDecoding {
        SpeculativeDecoding(drafter: .eagleHead, draftTokens: k, acceptance: [alpha])
    }

    /// Constant acceptance α that makes the simulated throughput at `k` draft tokens equal
    /// `tokensPerSecond` (bisection; the throughput rises with α).
    static func fitAlpha(_ row: ServingPublicData.Row, k: Int) throws -> Double {
        var lo = 0.0, hi = 1.0
        for _ in 0..<18 {
            let mid = (lo + hi) / 2
            let m = try simulate([row], profile: .vllm, spec: eagleSpec(k, alpha: mid))
            if m.outputTokensPerSecond < row.value { lo = mid } else { hi = mid }
        }
        return (lo + hi) / 2
    }

    static func eagleSuite() -> ValidationSuite {
        var suite = ValidationSuite(name: eagle, notes: [
            "vLLM V1 EAGLE rows of vllm-project/vllm#16937: Llama-3.1-8B-Instruct on one H100, batch 1 (max_num_seqs 1), MT-bench (80 prompts); \(mtBenchPrompt)-token prompts and \(mtBenchOutput)-token outputs assumed.",
            "Drafter: one transformer layer of the target's width plus its LM head (EAGLE), γ sequential draft steps of 0.25 ms overhead each, verify = one target decode of γ+1 tokens.",
            "One constant acceptance rate α per drafter is fitted to its K=2 row (skipped below); K=4 and K=7 are predictions with the same α. The vanilla row fitted the vllm iteration overhead.",
        ])
        let rows = ServingPublicData.rows.filter { $0.engine == "vLLM" }
        func mt(_ r: ServingPublicData.Row) -> ServingPublicData.Row {
            var r = r
            r.inputLen = mtBenchPrompt
            r.outputLen = mtBenchOutput
            return r
        }
        guard let vanillaRow = rows.first(where: { $0.notes.hasPrefix("vanilla") && $0.metric == "output_tokens_per_s" }) else { return suite }
        do {
            let vanilla = try simulate([mt(vanillaRow)], profile: .vllm)
            suite.skipped.append("vanilla BS1 output_tokens_per_s = \(formatSignificant(vanillaRow.value)): used to fit the vllm iteration overhead (predicted \(formatSignificant(vanilla.outputTokensPerSecond)))")
            let gpu = try HardwareCatalog.gpu(named: vanillaRow.gpu)
            for family in ["EAGLE-1", "EAGLE-3"] {
                let famRows = rows.filter { $0.notes.hasPrefix(family) }
                func k(_ r: ServingPublicData.Row) -> Int? {
                    guard let range = r.notes.range(of: "K=") else { return nil }
                    return Int(r.notes[range.upperBound...].prefix { $0.isNumber })
                }
                guard let fitRow = famRows.first(where: { k($0) == 2 && $0.metric == "output_tokens_per_s" }) else { continue }
                let alpha = try fitAlpha(mt(fitRow), k: 2)
                suite.notes.append("\(family): fitted α = \(formatSignificant(alpha)) (expected tokens per verify step at K=2: \(formatSignificant(SpeculativeDecoding.expectedTokens(alpha: alpha, gamma: 2))))")
                for r in famRows {
                    guard let kk = k(r) else { continue }
                    let m = try simulate([mt(r)], profile: .vllm, spec: eagleSpec(kk, alpha: alpha))
                    let predicted = r.metric == "speedup" ? m.outputTokensPerSecond / vanilla.outputTokensPerSecond : m.outputTokensPerSecond
                    if kk == 2 {
                        suite.skipped.append("\(family) K=2 \(r.metric) = \(formatSignificant(r.value)): used to fit α (predicted \(formatSignificant(predicted)))")
                        continue
                    }
                    suite.entries.append(ValidationEntry(ValidationCase(suite: eagle, source: ServingPublicData.sources[r.source],
                                                                        label: "Llama-3.1-8B H100 BS1 \(family) K=\(kk)", metric: r.metric,
                                                                        predicted: predicted, measured: r.value),
                                                         kernelSource: kernelSource(gpu)))
                }
            }
        } catch {
            suite.skipped.append("EAGLE rows: \(error)")
        }
        return suite
    }
}
