import Testing
import OrreryCore
@testable import OrreryCost

/// Saved-activation bytes of one layer against Korthikanti et al. 2022, "Reducing Activation
/// Recomputation in Large Transformer Models" (arXiv 2205.05198), §4.1 Eq. 1–3, adjusted by
/// named deltas for a flash-attention, dropout-free layer: no s² terms (FlashAttention keeps
/// no attention matrix), no dropout masks (1 byte per element, 2sbh per layer), plus the
/// fp32 norm statistics and the fp32 log-sum-exp. (The attention output is saved once: SDPA's
/// output storage is what the output projection saves.)
struct ActivationMemoryTests {
    static let gpu = try! HardwareCatalog.gpu(named: "h100-sxm")

    static func gptLayer(hidden: Int, heads: Int) -> ModelArchitecture {
        ModelArchitecture(name: "gpt-layer", family: .gpt, layers: 1, hidden: hidden, ffnHidden: 4 * hidden, heads: heads,
                          vocab: 50304, tiedEmbeddings: true, maxPositions: 8192)
    }

    static func layerBytes(_ m: ModelArchitecture, tp: Int, seq: Int, batch: Int, recompute: Recompute = .none) -> Double {
        let cfg = TrainingConfig(model: m, layout: ParallelLayout(tp: tp, recompute: recompute, microBatch: batch, globalBatch: batch),
                                 seqLen: seq, precision: .bf16)
        return TrainingEstimator().layer(cfg, gpu: gpu).activationBytes.value
    }

    @Test("GPT layer: Korthikanti Eq. 3 sbh(10 + 24/t) with flash and no dropout",
          arguments: [(1024, 16, 1, 512, 1), (2048, 16, 2, 2048, 4), (4096, 32, 4, 4096, 2), (8192, 64, 8, 8192, 1)])
    func gptMatchesKorthikanti(hidden: Int, heads: Int, tp: Int, seq: Int, batch: Int) {
        let (s, b, h, t) = (Double(seq), Double(batch), Double(hidden), Double(tp))
        let korthikanti = s * b * h * (10 + 24 / t)           // Eq. 3 without the 5as/(ht) attention-matrix term
        let dropoutMasks = 2 * s * b * h                      // attention-output and MLP dropout masks
        let statistics = 2 * 8 * s * b                        // LayerNorm mean + rstd (fp32) × 2 norms
        let logSumExp = 4 * b * Double(heads / tp) * s        // fp32 per query head and token
        let expected = korthikanti - dropoutMasks + statistics + logSumExp
        let predicted = Self.layerBytes(Self.gptLayer(hidden: hidden, heads: heads), tp: tp, seq: seq, batch: batch)
        #expect(abs(predicted / expected - 1) < 1e-9, "predicted \(predicted) expected \(expected)")
    }

    @Test("Sequence parallelism: Korthikanti Eq. 4, 34sbh/t, less the dropout masks", arguments: [2, 4, 8])
    func sequenceParallel(tp: Int) {
        let m = Self.gptLayer(hidden: 4096, heads: 32)
        let (s, b, h, t) = (2048.0, 2.0, 4096.0, Double(tp))
        let expected = s * b * h * 34 / t - 2 * s * b * h / t   // masks are sequence-parallel too
            + 2 * 8 * s * b / t                                   // LayerNorm statistics on the token slice
            + 4 * b * Double(32 / tp) * s                         // log-sum-exp of the local heads
        let cfg = TrainingConfig(model: m, layout: ParallelLayout(tp: tp, sequenceParallel: true, microBatch: 2, globalBatch: 2),
                                 seqLen: 2048, precision: .bf16)
        let predicted = TrainingEstimator().layer(cfg, gpu: Self.gpu).activationBytes.value
        #expect(abs(predicted / expected - 1) < 1e-9, "predicted \(predicted) expected \(expected)")
    }

    @Test("Full recomputation keeps only the layer input, 2sbh (Korthikanti §4.3)")
    func fullRecomputeKeepsInput() {
        let m = Self.gptLayer(hidden: 4096, heads: 32)
        #expect(Self.layerBytes(m, tp: 2, seq: 2048, batch: 4, recompute: .full) == 2 * 2048 * 4 * 4096)
    }

    @Test("Activation bytes are linear in the micro-batch (law)", arguments: [1, 2, 4, 8])
    func linearInBatch(batch: Int) {
        let m = Self.gptLayer(hidden: 2048, heads: 16)
        let one = Self.layerBytes(m, tp: 1, seq: 1024, batch: 1)
        #expect(abs(Self.layerBytes(m, tp: 1, seq: 1024, batch: batch) / (one * Double(batch)) - 1) < 1e-12)
    }

    @Test("Llama layer saves q, k, v after RoPE, SwiGLU's three inputs and the down-projection input")
    func llamaLayerComposition() throws {
        let m = try ModelCatalog.model(named: "llama-3-8b")
        let (s, b, h) = (4096.0, 1.0, 4096.0)
        let q = 4096.0, kv = 1024.0, f = 14336.0
        let expected = s * b * (2 * h /* input */ + 2 * h /* norm out */ + 2 * (q + 2 * kv) /* q,k,v */ + 2 * q /* o */
            + 2 * h /* residual */ + 2 * h /* norm out */ + 6 * f /* gate, up, silu */
            + 2 * f /* down input */ + 4 + 4 /* rstd */ + 4 * 32 /* lse */)
        #expect(abs(Self.layerBytes(m, tp: 1, seq: 4096, batch: 1) / expected - 1) < 1e-9)
    }
}
