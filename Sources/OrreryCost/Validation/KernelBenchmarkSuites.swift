import Foundation
import OrreryCore

/// Single-GPU kernel benchmarks from `published.csv`: FlashAttention-2/3 attention and the
/// best-case dense GEMM table. Predictions are GPU kernel times from
/// `KernelModels.model(for:)` (no host overhead: the sources time many back-to-back calls).
enum KernelBenchmarkSuites {
    /// Total tokens per FlashAttention benchmark call: `benchmarks/benchmark_flash_attention.py`
    /// sets batch = 16k / seqlen (published.csv notes: "batch = 16k tokens / seqlen").
    static let benchmarkTokens = 16384
    /// Model width of the FlashAttention benchmark (notes: "hidden 2048"), heads = 2048 / head_dim.
    static let benchmarkHidden = 2048

    /// The FLOP count the FlashAttention benchmark divides by (notes: "FLOPs = 3.5 *
    /// 4*batch*seqlen^2*nheads*headdim (/2 if causal)"; 3.5 only for forward+backward).
    /// Not `AttentionShape.forwardFLOPs`, which counts the causal diagonal exactly.
    static func flashAttentionFLOPs(batch: Int, seq: Int, heads: Int, headDim: Int, causal: Bool, forwardBackward: Bool) -> Double {
        let forward = 4 * Double(batch) * Double(seq) * Double(seq) * Double(heads) * Double(headDim) / (causal ? 2 : 1)
        return forward * (forwardBackward ? 3.5 : 1)
    }

    static func causal(_ label: String) -> Bool {
        let l = label.lowercased()
        return l.contains("causal") && !l.contains("non-causal")
    }

    /// The integer after `key` in `text` ("head_dim 128" → 128).
    static func integer(after key: String, in text: String) -> Int? {
        guard let r = text.range(of: key) else { return nil }
        let digits = text[r.upperBound...].drop { $0 == " " || $0 == "=" }.prefix { $0.isNumber }
        return Int(digits)
    }

    static func flashAttention2() -> ValidationSuite {
        var suite = ValidationSuite(name: ValidationSuites.flashAttention2, notes: [
            "Predicted TFLOP/s = the benchmark's own FLOP count (3.5 x 4*b*s^2*heads*d, /2 if causal) / (attentionForward + attentionBackward) of our kernel model; GPU kernel time only, no launch floor (the benchmark averages 30 back-to-back calls).",
            "Shape per row: seq from the row, batch = 16384 / seq, heads from the row, head_dim = 2048 / heads, causal from the label. The benchmark runs fp16; our tables are bf16 (same tensor-core rate on A100/H100).",
            "The H100 table times PyTorch 2.11 scaled_dot_product_attention, causal only, without recording which backend ran (on H100, PyTorch may pick cuDNN attention, faster than the FlashAttention-2 package measured here); non-causal H100 rows reuse the causal correction. A100 has no table: roofline.",
        ])
        for row in PublishedRow.rows(metrics: ["attn_fwd_bwd_tflops"]) {
            guard let seq = row.seqLen, let heads = row.heads, heads > 0 else {
                suite.skipped.append("line \(row.line) \(row.model): seq_len or heads missing")
                continue
            }
            let hidden = row.hidden ?? benchmarkHidden
            let batch = row.microBatch ?? benchmarkTokens / seq
            let headDim = hidden / heads
            let isCausal = causal(row.model)
            guard let gpu = try? HardwareCatalog.gpu(named: row.gpu) else {
                suite.skipped.append("line \(row.line) \(row.model): gpu '\(row.gpu)' not in the catalog")
                continue
            }
            let kernels = KernelModels.model(for: gpu)
            let shape = AttentionShape(batch: batch, heads: heads, kvHeads: heads, queryLen: seq, keyLen: seq,
                                       headDim: headDim, causal: isCausal)
            let time = kernels.attentionForward(shape) + kernels.attentionBackward(shape)
            let flops = flashAttentionFLOPs(batch: batch, seq: seq, heads: heads, headDim: headDim, causal: isCausal, forwardBackward: true)
            let label = "\(row.gpu) \(isCausal ? "causal" : "non-causal") d=\(headDim) seq=\(seq) (b=\(batch), h=\(heads)) fwd+bwd"
            suite.entries.append(ValidationEntry(
                ValidationCase(suite: suite.name, source: row.source, label: label, metric: row.metricName,
                               predicted: flops / time.value / 1e12, measured: row.metricValue),
                kernelSource: kernels.source))
        }
        return suite
    }

    static func flashAttention3() -> ValidationSuite {
        var suite = ValidationSuite(name: ValidationSuites.flashAttention3, notes: [
            "Predicted TFLOP/s = 4*b*s^2*heads*d (/2 if causal; the FlashAttention benchmark convention, assumed for the FA3 figure, whose notes give no formula) / attentionForward of our kernel model, GPU time only.",
            "Batch and hidden are not printed with the figure: assumed 16k tokens (batch = 16384 / seq) and hidden 2048 (heads = 2048 / 128), as the notes say the FA3 paper uses (not verified).",
            "FlashAttention-3 is a Hopper-specific kernel (wgmma, TMA, warp specialisation); our H100 table times PyTorch SDPA with an unrecorded backend, so agreement or disagreement here measures how close that backend is to FA3, not only the model.",
        ])
        for row in PublishedRow.rows(metrics: ["attn_fwd_tflops"]) {
            guard let seq = row.seqLen, let headDim = integer(after: "head_dim", in: row.model), headDim > 0 else {
                suite.skipped.append("line \(row.line) \(row.model): seq_len or head_dim missing")
                continue
            }
            let hidden = row.hidden ?? benchmarkHidden
            let heads = row.heads ?? hidden / headDim
            let batch = row.microBatch ?? benchmarkTokens / seq
            let isCausal = causal(row.model)
            guard let gpu = try? HardwareCatalog.gpu(named: row.gpu) else {
                suite.skipped.append("line \(row.line) \(row.model): gpu '\(row.gpu)' not in the catalog")
                continue
            }
            let kernels = KernelModels.model(for: gpu)
            let shape = AttentionShape(batch: batch, heads: heads, kvHeads: heads, queryLen: seq, keyLen: seq,
                                       headDim: headDim, causal: isCausal)
            let flops = flashAttentionFLOPs(batch: batch, seq: seq, heads: heads, headDim: headDim, causal: isCausal, forwardBackward: false)
            let label = "\(row.gpu) \(isCausal ? "causal" : "non-causal") d=\(headDim) seq=\(seq) (b=\(batch), h=\(heads)) fwd"
            suite.entries.append(ValidationEntry(
                ValidationCase(suite: suite.name, source: row.source, label: label, metric: row.metricName,
                               predicted: flops / kernels.attentionForward(shape).value / 1e12, measured: row.metricValue),
                kernelSource: kernels.source))
        }
        return suite
    }

    /// Square sizes the GEMM prediction searches (m = n = k).
    static let squareSizes = [4096, 6144, 8192, 12288, 16384]

    /// Explicit catalog names for published GPU strings the aliases do not resolve.
    static let gpuNameMap: [String: (name: String, note: String)] = [
        "GH200 (900W, 141GiB HBM3e)": ("h200", "GH200 has no catalog entry: priced as h200 (same GH100 die and clocks, 141 GB HBM3e); the GH200 module's 900 W power limit is not modelled."),
    ]

    static func gemmMaxAchievable() -> ValidationSuite {
        var suite = ValidationSuite(name: ValidationSuites.gemmMaxAchievable, notes: [
            "Predicted = max over m=n=k in {4096, 6144, 8192, 12288, 16384} and the source's own best shape (from the label) of 2mnk / gemm(m:n:k:dtype:), in TFLOP/s. The source searched shapes by brute force (mamf-finder), so it may beat any shape we try.",
            "dtype from the row: bf16, or fp8 e4m3 → .fp8 (the calibrated model scales its bf16 time by the roofline's fp8/bf16 ratio). GPU kernel time only.",
        ])
        for row in PublishedRow.rows(metrics: ["gemm_tflops_max_achievable"]) {
            var gpu: GPUSpec
            if let hit = try? HardwareCatalog.gpu(named: row.gpu) {
                gpu = hit
            } else if let mapped = gpuNameMap[row.gpu], let hit = try? HardwareCatalog.gpu(named: mapped.name) {
                gpu = hit
                if !suite.notes.contains(mapped.note) { suite.notes.append(mapped.note) }
            } else {
                suite.skipped.append("line \(row.line) \(row.model) on \(row.gpu): gpu not in the catalog")
                continue
            }
            let dtype: ComputeDType = row.precision.lowercased().hasPrefix("fp8") ? .fp8 : .bf16
            var shapes = squareSizes.map { ($0, $0, $0) }
            if let r = row.model.range(of: "=") {
                let dims = row.model[r.upperBound...].split(separator: "x").compactMap { Int($0) }
                if dims.count == 3 { shapes.append((dims[0], dims[1], dims[2])) }
            }
            let kernels = KernelModels.model(for: gpu)
            var best = 0.0, bestShape = ""
            for (m, n, k) in shapes {
                let tflops = 2 * Double(m) * Double(n) * Double(k) / kernels.gemm(m: m, n: n, k: k, dtype: dtype).value / 1e12
                if tflops > best { best = tflops; bestShape = "\(m)x\(n)x\(k)" }
            }
            let label = "\(row.gpu) \(row.precision) (stated best \(row.model.replacingOccurrences(of: "dense matmul MxNxK=", with: "")); ours best at \(bestShape))"
            suite.entries.append(ValidationEntry(
                ValidationCase(suite: suite.name, source: row.source, label: label, metric: row.metricName,
                               predicted: best, measured: row.metricValue),
                kernelSource: kernels.source))
        }
        return suite
    }
}
