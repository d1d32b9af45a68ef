import Testing
import OrreryCore
@testable import OrreryCost

/// The kernel models against the H100 calibration measurements they ship with.
struct KernelModelTests {
    static let gpu = try! HardwareCatalog.gpu(named: "h100-sxm")
    static let model = CalibratedKernelModel(gpu: gpu, table: .h100SXM)

    @Test("Shipped H100 tables hold every measured row (calibration README: 90 GEMMs, 324 SDPA, 84 elementwise)")
    func tableSizes() {
        #expect(KernelTable.h100SXM.gemm.count == 90)
        #expect(KernelTable.h100SXM.attention.count == 324)
        #expect(KernelTable.h100SXM.elementwise.count == 84)
    }

    @Test("Training under sustained load: tensor-core kernels at 80% of the table's speed, memory-bound kernels unchanged; the roofline is not scaled")
    func sustainedLoad() throws {
        let sustained = SustainedLoadKernelModel(base: Self.model, tensorCoreFraction: SustainedLoadKernelModel.trainingTensorCoreFraction)
        let gemm = Self.model.gemm(m: 4096, n: 12288, k: 4096, dtype: .bf16)
        #expect(sustained.gemm(m: 4096, n: 12288, k: 4096, dtype: .bf16).isApproximatelyEqual(to: gemm / 0.8, relativeTolerance: 1e-12))
        #expect(sustained.elementwiseForward(.layerNorm, rows: 4096, cols: 4096) == Self.model.elementwiseForward(.layerNorm, rows: 4096, cols: 4096))
        // TrainingEstimator wraps calibrated tables only.
        let config = TrainingConfig(model: try ModelCatalog.model(named: "llama-3-8b"), layout: ParallelLayout(tp: 1, pp: 1, dp: 1, microBatch: 1, globalBatch: 1),
                                    seqLen: 4096, precision: .bf16Mixed)
        let h100 = TrainingEstimator().builder(config, gpu: Self.gpu).kernels
        #expect(h100 is SustainedLoadKernelModel)
        let a100 = TrainingEstimator().builder(config, gpu: try HardwareCatalog.gpu(named: "a100-sxm-80gb")).kernels
        #expect(a100 is RooflineKernelModel)
        var full = TrainingEstimator()
        full.sustainedTensorCoreFraction = 1
        #expect(full.builder(config, gpu: Self.gpu).kernels is CalibratedKernelModel)
    }

    @Test("Measured GEMMs above the launch floor are reproduced within 1% (H100 gemm.csv)")
    func gemmReproducesMeasurements() {
        for s in KernelTable.h100SXM.gemm where s.time > .milliseconds(0.05) {
            let predicted = Self.model.gemm(m: s.m, n: s.n, k: s.k, dtype: .bf16) + CalibratedKernelModel.gemmFloor
            #expect(abs(predicted / s.time - 1) < 0.01, "gemm \(s.m)x\(s.n)x\(s.k)")
        }
    }

    @Test("Large bf16 GEMMs run at 0.69–0.76 of the 989.4 TFLOP/s datasheet peak (H100 gemm.csv: 658–746 TFLOP/s)",
          arguments: [(8192, 8192, 8192), (16384, 16384, 16384), (12288, 12288, 12288), (6144, 24576, 6144)])
    func largeGEMMEfficiency(m: Int, n: Int, k: Int) {
        let t = Self.model.gemm(m: m, n: n, k: k, dtype: .bf16)
        let efficiency = 2 * Double(m) * Double(n) * Double(k) / t.value / 989.4e12
        #expect(efficiency > 0.66 && efficiency < 0.78)
    }

    @Test("Batch-1 GEMV is bandwidth bound: 16384² weights stream at 2.6–3.1 TB/s (H100 gemm.csv m=1: 0.204 ms)")
    func gemvBandwidth() {
        let t = Self.model.gemm(m: 1, n: 16384, k: 16384, dtype: .bf16)
        let rate = 2.0 * 16384 * 16384 / t.value
        #expect(rate > 2.6e12 && rate < 3.1e12)
    }

    @Test("Measured SDPA forward entries above the floor are reproduced within 1% (H100 attention.csv, consistent entries)")
    func attentionReproducesMeasurements() {
        for s in CalibrationFilter.attention(KernelTable.h100SXM.attention).forward where s.forward > .milliseconds(0.06) {
            let shape = AttentionShape(batch: s.batch, heads: s.heads, kvHeads: s.kvHeads, queryLen: s.seq, keyLen: s.seq,
                                       headDim: s.headDim, causal: true)
            let predicted = Self.model.attentionForward(shape) + CalibratedKernelModel.attentionFloor
            #expect(abs(predicted / s.forward - 1) < 0.01)
        }
    }

    @Test("The monotonicity filter drops attention.csv's forward 0.60 ms > forward+backward 0.25 ms entry (4,16,16,512,64)")
    func filterDropsImpossibleEntry() {
        let kept = CalibrationFilter.attention(KernelTable.h100SXM.attention).forward
        #expect(!kept.contains { $0.batch == 4 && $0.heads == 16 && $0.kvHeads == 16 && $0.seq == 512 && $0.headDim == 64 })
        #expect(kept.count > 300)
    }

    @Test("H200 (same GH100 die, 4.8 vs 3.35 TB/s: NVIDIA H200 and H100 datasheets) reuses the H100 tables: same compute-bound GEMM time, GEMV faster by the bandwidth ratio")
    func transferToH200() throws {
        let h200 = KernelModels.model(for: try HardwareCatalog.gpu(named: "h200"))
        #expect(h200.source.contains("measured on h100-sxm"))
        let big = (h200.gemm(m: 8192, n: 8192, k: 8192, dtype: .bf16) / Self.model.gemm(m: 8192, n: 8192, k: 8192, dtype: .bf16))
        #expect(abs(big - 1) < 0.02)
        let gemv = Self.model.gemm(m: 1, n: 16384, k: 16384, dtype: .bf16) / h200.gemm(m: 1, n: 16384, k: 16384, dtype: .bf16)
        #expect(abs(gemv / (4800.0 / 3350.0) - 1) < 0.05)
    }

    @Test("A GPU without tables uses the roofline and says so")
    func rooflineFallback() throws {
        let b200 = try HardwareCatalog.gpu(named: "b200")
        let m = KernelModels.model(for: b200)
        #expect(m.source.contains("roofline"))
        #expect(KernelModels.model(for: Self.gpu).source == "calibration table h100-sxm-80gb")
    }

    @Test("Roofline GEMM time never beats the datasheet peak or bandwidth (NVIDIA H100 datasheet)",
          arguments: [(1, 4096, 4096), (64, 8192, 8192), (4096, 4096, 4096), (32768, 8192, 2048)])
    func rooflineBounds(m: Int, n: Int, k: Int) {
        let t = RooflineKernelModel(gpu: Self.gpu).gemm(m: m, n: n, k: k, dtype: .bf16).value
        #expect(t >= 2 * Double(m) * Double(n) * Double(k) / 989.4e12)
        #expect(t >= 2 * Double(k) * Double(n) / 3.35e12)
    }
}
