import Foundation
import OrreryCore
import Testing
@testable import OrreryCost

/// `orrery validate`'s suites: structure (every published single-GPU row becomes a case, with
/// the published number as `measured`) and the accuracy bars we can defend. Measured numbers
/// are quoted from their sources next to each check; other suites' errors are printed, not
/// asserted (they are the scoreboard, not a target).
struct ValidationSuiteTests {
    func suite(_ name: String) throws -> ValidationSuite {
        let suites = try ValidationSuites.build(name)
        #expect(suites.count == 1)
        return try #require(suites.first)
    }

    func report(_ s: ValidationSuite) {
        for line in s.summary {
            print("\(s.name) [\(line.source.prefix(60))…]: n=\(line.count) MAPE \(String(format: "%.2f", line.mape))% max APE \(String(format: "%.2f", line.maxAbsolutePercentError))%")
        }
    }

    @Test("embedded published.csv is shared/validation/published.csv (when the shared folder is present)")
    func embeddedCopyMatchesShared() throws {
        let shared = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/validation/published.csv")
        guard let text = try? String(contentsOf: shared, encoding: .utf8) else { return }
        let normalised = text.replacingOccurrences(of: "\r\n", with: "\n").trimmingCharacters(in: .newlines)
        #expect(PublishedValidationData.publishedCSV == normalised)
        #expect(PublishedRow.all.count == 93)  // shared/validation/README.md: "93 numbers"
    }

    @Test("every published single-GPU row (FlashAttention-2/3, dense GEMM) is a case with the csv's number as measured")
    func singleGPURowsBecomeCases() throws {
        let singleGPU = PublishedRow.all.filter { $0.numGPUs == 1 }
        let kernelSuites = [try suite(ValidationSuites.flashAttention2), try suite(ValidationSuites.flashAttention3),
                            try suite(ValidationSuites.gemmMaxAchievable)]
        let cases = kernelSuites.flatMap(\.cases)
        #expect(kernelSuites.allSatisfy { $0.skipped.isEmpty })
        #expect(cases.count == singleGPU.count)
        #expect(cases.count == 45 + 11 + 8)  // FA2: 24 H100 + 21 A100 rows; FA3: 11 rows; GEMM table: 8 rows
        let published = singleGPU.map { "\($0.source)|\($0.metricName)|\($0.metricValue)" }.sorted()
        let compared = cases.map { "\($0.source)|\($0.metric)|\($0.measured)" }.sorted()
        #expect(published == compared)
        for c in cases {
            #expect(!c.source.isEmpty && !c.label.isEmpty && !c.metric.isEmpty)
            #expect(c.predicted.isFinite && c.predicted > 0)
        }
        kernelSuites.forEach(report)
    }

    @Test("measured values are the sources' numbers")
    func measuredValuesAreTheSources() throws {
        let fa2 = try suite(ValidationSuites.flashAttention2).cases
        // flash-attention README flash2_h100_fwd_bwd_benchmark.png: non-causal, head_dim 64, seqlen 512: 215 TFLOP/s.
        #expect(fa2.first { $0.label.hasPrefix("H100-SXM5-80GB non-causal d=64 seq=512 ") }?.measured == 215)
        // flash2_a100_fwd_bwd_benchmark.png: causal, head_dim 128, seqlen 16k: 189 TFLOP/s.
        #expect(fa2.first { $0.label.hasPrefix("A100-SXM4-80GB causal d=128 seq=16384 ") }?.measured == 189)
        #expect(fa2.filter { $0.source.contains("flash2_h100") }.count == 24)
        #expect(fa2.filter { $0.source.contains("flash2_a100") }.count == 21)
        // flash3_fp16_fwd.png: causal, head_dim 128, seqlen 4k: 579 TFLOP/s.
        let fa3 = try suite(ValidationSuites.flashAttention3).cases
        #expect(fa3.first { $0.label.hasPrefix("H100-SXM5-80GB causal d=128 seq=4096 ") }?.measured == 579)
        // stas00/ml-engineering max achievable matmul table: H100-SXM bf16 794.5, B200-SXM fp8 3432.5.
        let gemm = try suite(ValidationSuites.gemmMaxAchievable).cases
        #expect(gemm.first { $0.label.hasPrefix("H100-SXM bf16") }?.measured == 794.5)
        #expect(gemm.first { $0.label.hasPrefix("B200-SXM fp8") }?.measured == 3432.5)
        #expect(gemm.first { $0.label.hasPrefix("GH200") } != nil)  // mapped to h200 explicitly, not dropped
        // Korthikanti et al. 2022 Table 5: GPT-175B, 64 A100, selective recompute + SP: 13.75 s.
        let training = try suite(ValidationSuites.megatronTraining).cases
        #expect(training.first { $0.label.hasPrefix("GPT-175B, 64 A100") && $0.label.contains("selective") }?.measured == 13.75)
    }

    @Test("the FlashAttention prediction uses the benchmark's FLOP formula (benchmark_flash_attention.py)")
    func flashAttentionFLOPFormula() {
        // 4·b·s²·h·d, /2 causal, ×3.5 fwd+bwd: b=1, s=16384, h=16, d=128.
        let f = KernelBenchmarkSuites.flashAttentionFLOPs(batch: 1, seq: 16384, heads: 16, headDim: 128, causal: true, forwardBackward: true)
        #expect(f == 3.5 * 4 * 16384.0 * 16384 * 16 * 128 / 2)
    }

    @Test("multi-GPU training suite: every Megatron / Korthikanti row is a case or a stated skip")
    func trainingRowsCovered() throws {
        let s = try suite(ValidationSuites.megatronTraining)
        let rows = PublishedRow.rows(metrics: ["model_tflops_per_gpu", "mfu_pct", "tflops_per_gpu_paper_formula", "iteration_time_s"])
        #expect(rows.count == 9 + 2 + 10 + 8)  // Megatron-Core weak (9) + strong (2), Megatron 2021 (10), Korthikanti Table 5 (8)
        #expect(s.entries.count + s.skipped.count == rows.count)
        #expect(s.cases.allSatisfy { $0.predicted.isFinite && $0.predicted > 0 })
        report(s)
    }

    @Test("Narayanan et al. 2021 eq. 3 FLOPs: GPT-3 175B, batch 1536, seq 2048")
    func narayananFormula() {
        let m = ModelArchitecture(name: "gpt3", family: .gpt, layers: 96, hidden: 12288, ffnHidden: 49152, heads: 96,
                                  vocab: 51200, tiedEmbeddings: true, maxPositions: 2048)
        let c = TrainingConfig(model: m, layout: ParallelLayout(globalBatch: 1536), seqLen: 2048)
        let expected = 96.0 * 1536 * 2048 * 96 * 12288 * 12288 * (1 + 2048.0 / (6 * 12288) + 51200.0 / (16 * 96 * 12288))
        #expect(abs(TrainingSuites.narayananFLOPs(c) / expected - 1) < 1e-12)
    }

    @Test("leave-one-out on the shipped H100 gemm.csv: MAPE < 8%")
    func leaveOneOutGEMM() throws {
        let s = try suite(ValidationSuites.looGEMM)
        // Measured = the table's own ms_median (H100SXMKernelTableData gemm.csv), entries > 0.05 ms.
        let table = KernelTable.h100SXM
        #expect(s.entries.count == table.gemm.filter { $0.time > .milliseconds(0.05) }.count)
        #expect(s.cases.allSatisfy { c in table.gemm.contains { abs($0.time.milliseconds - c.measured) < 1e-12 } })
        report(s)
        #expect(s.mape < 8)
    }

    @Test("leave-one-out on the shipped H100 attention.csv forward: MAPE < 12%")
    func leaveOneOutAttentionForward() throws {
        let s = try suite(ValidationSuites.looAttentionForward)
        let table = KernelTable.h100SXM
        #expect(s.entries.count == table.attention.filter { $0.forward > .milliseconds(0.06) }.count)
        report(s)
        #expect(s.mape < 12)
    }

    @Test("leave-one-out on the shipped H100 elementwise.csv forward (reported)")
    func leaveOneOutElementwise() throws {
        let s = try suite(ValidationSuites.looElementwiseForward)
        #expect(!s.entries.isEmpty)
        report(s)
    }

    @Test("timed single calls, leave-one-out, on every H100 attention.csv forward+backward entry: MAPE < 12%")
    func leaveOneOutAttentionTimedCall() throws {
        // Measured = fwdbwd_ms of all 324 entries, small host-bound shapes included: checks
        // HostOverheadModel and the backward kernel model together.
        let s = try suite(SingleCallSuites.looAttentionForwardBackward)
        #expect(s.entries.count == KernelTable.h100SXM.attention.count)
        report(s)
        #expect(s.mape < 12)
    }

    @Test("timed single calls, leave-one-out, on every H100 elementwise.csv forward+backward entry: MAPE < 15%")
    func leaveOneOutElementwiseTimedCall() throws {
        let s = try suite(SingleCallSuites.looElementwiseForwardBackward)
        #expect(s.entries.count == KernelTable.h100SXM.elementwise.count)
        report(s)
        #expect(s.mape < 15)
    }

    @Test("own measurements: a placeholder until CSVs are embedded")
    func ownMeasurementsPlaceholder() throws {
        guard OwnMeasurementData.files.isEmpty else { return }
        let s = try suite(ValidationSuites.ownMeasurements)
        #expect(s.entries.isEmpty)
        #expect(s.notes.first?.contains("no layer/step measurements on record") == true)
    }

    @Test("a CSV in the profiler's output format becomes a suite through BatchScenarioTable + ScenarioEstimator")
    func ownMeasurementCSVBecomesSuite() throws {
        // Plumbing fixture in profiler/layers.py's and steps.py's column layout. The measured
        // numbers are placeholders, not measurements: only the structure is checked.
        let csv = """
        name,arch,layers,hidden,ffn_hidden,heads,kv_heads,vocab,tied_embeddings,seq_len,gpu,tp,micro_batch,recompute,precision,scope,measured_fwd_ms,measured_fwdbwd_ms,measured_activation_bytes,measured_alloc_delta_bytes
        gpt-2048,gpt,1,2048,8192,16,16,50304,0,2048,h100-sxm,1,1,none,bf16,layer,1.5,4.5,123456789,1
        bad-tp,gpt,1,2048,8192,16,16,50304,0,2048,h100-sxm,3,1,none,bf16,layer,1.5,4.5,123456789,1
        oom-row,gpt,1,2048,8192,16,16,50304,0,2048,h100-sxm,1,1,none,bf16,layer,,,,
        """
        let s = OwnMeasurementSuites.suite(OwnMeasurementFile(name: "fixture", origin: "test fixture (not a measurement)", csv: csv))
        #expect(s.name == "Own measurements: fixture")
        #expect(s.cases.map(\.metric) == ["fwd_ms", "fwdbwd_ms", "activation_bytes"])
        #expect(s.cases.map(\.measured) == [1.5, 4.5, 123456789])
        #expect(s.cases.allSatisfy { $0.label == "gpt-2048" && $0.source == "test fixture (not a measurement)" && $0.predicted > 0 })
        #expect(s.entries.allSatisfy { $0.kernelSource.contains("h100-sxm-80gb") })
        #expect(s.skipped.count == 1)
        #expect(s.skipped.first?.hasPrefix("bad-tp:") == true)
        #expect(s.notes.contains { $0.contains("measured_alloc_delta_bytes") })
    }

    @Test("--suite matching: exact name, part of a name, unknown")
    func matching() throws {
        #expect(try ValidationSuites.matching("leave-one-out").count == 5)
        #expect(try ValidationSuites.matching(ValidationSuites.looGEMM.uppercased()).map(\.name) == [ValidationSuites.looGEMM])
        #expect(try ValidationSuites.matching(nil).count == ValidationSuites.names.count)
        #expect(throws: OrreryError.self) { try ValidationSuites.matching("no such suite") }
    }

    @Test("report rendering is deterministic and json/csv carry the numbers")
    func rendering() throws {
        let suites = try ValidationSuites.build("GEMM max")
        let a = ValidationReport.render(suites, format: .json, details: true)
        #expect(a == ValidationReport.render(try ValidationSuites.build("GEMM max"), format: .json, details: true))
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(a.utf8)) as? [String: Any])
        let first = try #require((parsed["suites"] as? [[String: Any]])?.first)
        #expect(first["name"] as? String == ValidationSuites.gemmMaxAchievable)
        #expect((first["cases"] as? [[String: Any]])?.count == 8)
        let csv = ValidationReport.render(suites, format: .csv, details: true)
        #expect(csv.hasPrefix("suite,source,label,metric,predicted,measured,ape_pct,kernel_source\n"))
        #expect(csv.contains(",794.5,"))
        let table = ValidationReport.render(suites, format: .table, details: false)
        #expect(table.contains("kernel models:"))
        #expect(table.contains("MAPE %"))
    }
}
