import Testing
import OrreryCore
@testable import OrreryServe

/// Spot checks against published serving measurements (the full comparison is the
/// `orrery validate` suites in `ServeValidationSuites`).
struct PublishedServingTests {
    /// TensorRT-LLM perf-overview.md (v0.14, online): Llama-3.1-8B bf16, one H100, 467 in /
    /// 256 out, 500 requests at 8 req/s: mean TTFT 26 ms, mean ITL 9 ms. Not a fitted row
    /// (the overhead was fitted at 2 req/s).
    @Test("TensorRT-LLM online, H100, 467/256 at 8 req/s: ITL 9 ms within 10 %, TTFT 26 ms within 15 % (TensorRT-LLM perf-overview.md @258c754)")
    func trtOnline() throws {
        let rows = ServingPublicData.rows.filter {
            $0.engine == "TensorRT-LLM" && $0.gpu == "H100-SXM-80GB" && $0.inputLen == 467 && $0.outputLen == 256 && $0.requestRate == 8
        }
        #expect(rows.count == 4)
        let m = try ServeValidationSuites.simulate(rows, profile: .tensorRTLLM)
        #expect(abs(m.itlMeanMilliseconds - 9) / 9 < 0.10, "ITL \(m.itlMeanMilliseconds)")
        #expect(abs(m.ttft.mean - 26) / 26 < 0.15, "TTFT \(m.ttft.mean)")
    }

    /// vllm-project/vllm#16937 (ekagra-ranjan, 2025-04-24): Llama-3.1-8B-Instruct, H100, BS1,
    /// EAGLE-1 K=4: 198 tok/s. α is fitted on the K=2 row (201.69 tok/s) only.
    @Test("vLLM EAGLE-1 at K=4 predicts 198 tok/s within 5 % from α fitted at K=2 (vllm#16937)")
    func eagle() throws {
        let rows = ServingPublicData.rows.filter { $0.engine == "vLLM" && $0.notes.hasPrefix("EAGLE-1") && $0.metric == "output_tokens_per_s" }
        func mt(_ r: ServingPublicData.Row) -> ServingPublicData.Row {
            var r = r
            r.inputLen = ServeValidationSuites.mtBenchPrompt
            r.outputLen = ServeValidationSuites.mtBenchOutput
            return r
        }
        let k2 = try #require(rows.first { $0.value == 201.69 }), k4 = try #require(rows.first { $0.value == 198 })
        let alpha = try ServeValidationSuites.fitAlpha(mt(k2), k: 2)
        let m = try ServeValidationSuites.simulate([mt(k4)], profile: .vllm, spec: ServeValidationSuites.eagleSpec(4, alpha: alpha))
        #expect(abs(m.outputTokensPerSecond - 198) / 198 < 0.05, "α \(alpha): \(m.outputTokensPerSecond) tok/s")
    }
}
