import Foundation
import OrreryCore
import OrreryCost

/// The serving simulator's validation suites for `orrery validate`: each published row of
/// `serving_public.csv` (embedded as `ServingPublicData`) is re-simulated and compared.
/// Rows used to fit a parameter are listed as skipped with that reason, so the MAPE covers
/// predictions only.
public enum ServeValidationSuites {
    public static let online = "Serving: TensorRT-LLM online TTFT/ITL/throughput (published)"
    public static let offline = "Serving: TensorRT-LLM offline throughput (published)"
    public static let eagle = "Serving: vLLM EAGLE speculative decoding (published)"
    public static let capacity = "Serving: capacity ratios vs vLLM/Sarathi-Serve/DistServe papers (published)"

    public static var definitions: [ValidationSuites.Definition] {
        [
            .init(name: online) { onlineSuite() },
            .init(name: offline) { offlineSuite() },
            .init(name: eagle) { eagleSuite() },
            .init(name: capacity) { CapacityComparisons.suite(name: capacity) },
        ]
    }

    static func model(_ name: String) throws -> ModelArchitecture {
        try ModelCatalog.model(named: name.replacingOccurrences(of: "-Instruct", with: ""))
    }

    static func kernelSource(_ gpu: GPUSpec) -> String { KernelModels.model(for: gpu).source }

    static func simulate(_ rows: [ServingPublicData.Row], profile: EngineProfile, maxPrompts: Int? = nil,
                         spec: SpeculativeDecoding? = nil) throws -> ServingMetrics {
        let r = rows[0]
        let gpu = try HardwareCatalog.gpu(named: r.gpu)
        let hw = try ReplicaHardware(model: try model(r.model), gpu: gpu, tp: 1)
        let count = min(r.numPrompts, maxPrompts ?? r.numPrompts)
        let arrivals: ArrivalProcess = r.requestRate.map { .poisson(rate: $0) } ?? .offline
        let w = SyntheticWorkload(arrivals: arrivals, promptLength: .fixed(r.inputLen ?? 100), outputLength: .fixed(r.outputLen ?? 256),
                                  duration: Seconds(1e9), count: count)
        var p = profile
        if let c = r.maxConcurrency { p.maxSequences = c }
        let d = ServeDeployment(hardware: hw, replica: ReplicaConfig(profile: p, speculative: spec), seed: 1)
        return ServingMetrics(try ServingSimulator(deployment: d).run(w.generate(seed: 1)))
    }

    /// The row `iterationOverhead` of `EngineProfile.tensorRTLLM` was fitted to.
    static func isTRTFitRow(_ r: ServingPublicData.Row) -> Bool {
        r.gpu == "H100-SXM-80GB" && r.inputLen == 467 && r.outputLen == 256 && r.requestRate == 2 && r.metric == "itl_ms_mean"
    }

    static func onlineSuite() -> ValidationSuite {
        var suite = ValidationSuite(name: online, notes: [
            "TensorRT-LLM v0.14 online rows (perf-overview.md): Llama-3.1-8B bf16 on one H100/H200, fixed lengths, 500 requests; Poisson arrivals at the stated rate (the benchmark tool's default; the source does not state it), 'inf' = all at t=0.",
            "Engine profile tensorrt-llm: CUDA-graph kernels (no host dispatch), 0.54 ms per iteration fitted to one row (skipped below), 64-token blocks, 8192-token budget, chunked context.",
            "H200 is priced with the H100 kernel tables scaled by the GPU entry (OrreryCost's choice); the published req/s are rounded to integers.",
        ])
        let rows = ServingPublicData.rows.filter { $0.engine == "TensorRT-LLM" && $0.numPrompts == 500 && $0.precision == "bf16" }
        var groups: [String: [ServingPublicData.Row]] = [:]
        var order: [String] = []
        for r in rows {
            let key = "\(r.gpu) \(r.inputLen ?? 0)/\(r.outputLen ?? 0) rate \(r.requestRate.map { formatSignificant($0) } ?? "inf")"
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(r)
        }
        for key in order {
            let g = groups[key]!
            do {
                let m = try simulate(g, profile: .tensorRTLLM)
                let gpu = try HardwareCatalog.gpu(named: g[0].gpu)
                for r in g {
                    let predicted: Double
                    switch r.metric {
                    case "requests_per_s": predicted = m.requestsPerSecond
                    case "ttft_ms_mean": predicted = m.ttft.mean
                    case "itl_ms_mean": predicted = m.itlMeanMilliseconds
                    case "output_tokens_per_s": predicted = m.outputTokensPerSecond
                    default: suite.skipped.append("\(key) \(r.metric): metric not simulated"); continue
                    }
                    if isTRTFitRow(r) {
                        suite.skipped.append("\(key) \(r.metric) = \(formatSignificant(r.value)): used to fit the tensorrt-llm iteration overhead (predicted \(formatSignificant(predicted)))")
                        continue
                    }
                    suite.entries.append(ValidationEntry(ValidationCase(suite: online, source: ServingPublicData.sources[r.source], label: "Llama-3.1-8B \(key)",
                                                                        metric: r.metric, predicted: predicted, measured: r.value),
                                                         kernelSource: kernelSource(gpu)))
                }
            } catch {
                suite.skipped.append("\(key): \(error)")
            }
        }
        return suite
    }

    static let offlinePromptCap = 3000

    static func offlineSuite() -> ValidationSuite {
        var suite = ValidationSuite(name: offline, notes: [
            "TensorRT-LLM v0.17 trtllm-bench offline rows: all requests at t=0, total output tokens/s; at most \(offlinePromptCap) requests simulated per row (the 30,000-prompt rows are steady-state by then).",
            "Engine profile tensorrt-llm, max_batch_size 2048, KV = 95 % of memory less weights and a 2 GiB reserve; A100 rows are FP16, priced as bf16 (same width).",
        ])
        for r in ServingPublicData.rows where r.engine == "TensorRT-LLM" && r.requestRate == nil && r.numPrompts != 500 {
            let label = "\(r.model) \(r.gpu) \(r.inputLen ?? 0)/\(r.outputLen ?? 0) × \(r.numPrompts)"
            if r.precision.hasPrefix("fp8") {
                suite.skipped.append("\(label) (fp8): OrreryCost's InferenceEstimator prices bf16 weights, activations and KV only; no FP8 inference path")
                continue
            }
            do {
                let m = try simulate([r], profile: .tensorRTLLM, maxPrompts: offlinePromptCap)
                suite.entries.append(ValidationEntry(ValidationCase(suite: offline, source: ServingPublicData.sources[r.source], label: label,
                                                                    metric: r.metric, predicted: m.outputTokensPerSecond, measured: r.value),
                                                     kernelSource: kernelSource(try HardwareCatalog.gpu(named: r.gpu))))
            } catch {
                suite.skipped.append("\(label): \(error)")
            }
        }
        return suite
    }
}
