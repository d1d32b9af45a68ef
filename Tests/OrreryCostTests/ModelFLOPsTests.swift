import Testing
import OrreryCore
@testable import OrreryCost

/// Model FLOPs against the published formula and published runs.
struct ModelFLOPsTests {
    static func gpt(_ layers: Int, _ hidden: Int, _ heads: Int, vocab: Int) -> ModelArchitecture {
        ModelArchitecture(name: "gpt", family: .gpt, layers: layers, hidden: hidden, ffnHidden: 4 * hidden, heads: heads,
                          vocab: vocab, tiedEmbeddings: true, maxPositions: 2048)
    }

    @Test("GPT: 72·B·s·L·h²·(1 + s/6h + V/12Lh), Korthikanti et al. 2022 §6 / Narayanan et al. 2021 App. A")
    func gptMatchesClosedForm() {
        let m = Self.gpt(96, 12288, 96, vocab: 51200)
        let (B, s, L, h, V) = (64.0, 2048.0, 96.0, 12288.0, 51200.0)
        let closed = 72 * B * s * L * h * h * (1 + s / (6 * h) + V / (12 * L * h))
        let ours = ModelFLOPs.trainingStep(m, seqLen: 2048, globalBatch: 64).value
        #expect(abs(ours / closed - 1) < 1e-12)
    }

    @Test("GPT-3 175B on 64 A100: 13.75 s per step at MFU 51.4% (Korthikanti et al. 2022 Table 5)")
    func gpt3PublishedMFU() {
        let m = Self.gpt(96, 12288, 96, vocab: 51200)
        let flops = ModelFLOPs.trainingStep(m, seqLen: 2048, globalBatch: 64).value
        let mfu = flops / 13.75 / 64 / 312e12   // A100 dense bf16 peak, NVIDIA A100 datasheet
        #expect(abs(mfu - 0.514) < 0.003)
    }

    @Test("Llama (GQA, SwiGLU): Megatron-LM num_floating_point_operations terms")
    func llamaMegatronTerms() throws {
        let m = try ModelCatalog.model(named: "llama-3-8b")
        let (B, s, L, h) = (1.0, 8192.0, 32.0, 4096.0)
        let (ffn, V, groups, heads) = (14336.0, 128256.0, 8.0, 32.0)
        // megatron/training/training.py: 12·B·s·L·h²·((1 + g/a + s/h)·1 + ffn/h·3/2 + V/(2Lh))
        let megatron = 12 * B * s * L * h * h * ((1 + groups / heads + s / h) + ffn / h * 1.5 + V / (2 * L * h))
        #expect(abs(ModelFLOPs.trainingStep(m, seqLen: 8192, globalBatch: 1).value / megatron - 1) < 1e-12)
    }

    @Test("Doubling sequence length: attention-score FLOPs ×4 per sequence, projection FLOPs ×2 (law)")
    func sequenceLaw() {
        let m = Self.gpt(1, 4096, 32, vocab: 0)
        let f1 = ModelFLOPs.forwardPerToken(m, contextLen: 2048, fullAttention: true).value * 2048
        let f2 = ModelFLOPs.forwardPerToken(m, contextLen: 4096, fullAttention: true).value * 4096
        let projections = 24.0 * 4096 * 4096            // per token, q/k/v/o + MLP, forward
        let scores1 = f1 - projections * 2048
        let scores2 = f2 - projections * 4096
        #expect(abs(scores2 / scores1 - 4) < 1e-9)
    }
}
