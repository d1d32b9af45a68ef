import Foundation
import OrreryCore

/// Kernel times interpolated from a GPU's calibration tables: the roofline model times a
/// correction that `ResidualInterpolator` blends from the measured points nearest in
/// log-shape space. Exact on measured shapes, smooth between them, and the roofline's
/// scaling far outside the table.
///
/// The tables time one call with CUDA events, so each entry also holds host-side dispatch
/// latency (the `floor` constants below, read off the tables' smallest shapes) and, for
/// forward+backward entries, the `backward()` call overhead and the gradient accumulation
/// into the benchmark's leaf tensors. Those are removed here; `HostOverheadModel` puts the
/// host side back in when a whole layer or step is priced. Entries too close to the floor
/// to say anything about the GPU time are left out of the corrections, and so are entries
/// `CalibrationFilter` finds inconsistent with larger shapes.
public final class CalibratedKernelModel: KernelTimeModel {
    public let gpu: GPUSpec
    public let tableName: String
    let roofline: RooflineKernelModel
    let gemmCorrection: ResidualInterpolator
    let attentionForwardCorrection: ResidualInterpolator
    let attentionBackwardCorrection: ResidualInterpolator
    let elementwiseForwardCorrection: [ElementwiseKind: ResidualInterpolator]
    let elementwiseBackwardCorrection: [ElementwiseKind: ResidualInterpolator]

    /// The GPU the table was measured on, when it is not `gpu` (a transfer).
    public let measuredOn: String?

    public var source: String {
        guard let measuredOn else { return "calibration table \(tableName)" }
        return "calibration table \(tableName) (measured on \(measuredOn), scaled to \(gpu.name) by the roofline)"
    }

    /// Launch-to-start latency inside a single-call GEMM timing (smallest gemm.csv entries: 0.024–0.034 ms).
    static let gemmFloor = Seconds.milliseconds(0.020)
    /// Same for one elementwise call (smallest elementwise.csv forward entries: 0.018–0.025 ms).
    static let elementwiseFloor = Seconds.milliseconds(0.016)
    /// Same for one SDPA call (smallest attention.csv forward entries: 0.028–0.04 ms).
    static let attentionFloor = Seconds.milliseconds(0.025)
    /// Time from the start of a timed forward+backward until the first backward kernel can run
    /// when the GPU is idle (`HostOverheadModel`: forward dispatch, `backward()` reaching its
    /// first node, that node's dispatch ≈ 0.1 ms).
    static let backwardReady = Seconds.milliseconds(0.10)
    /// Same for SDPA, whose backward node is slower to dispatch (≈ 0.18 ms).
    static let attentionBackwardReady = Seconds.milliseconds(0.18)

    /// Fits the corrections against the roofline of the GPU the table was measured on and
    /// applies them to `gpu`'s roofline. For the same SM architecture (H100 SXM tables on an
    /// H200 or H100 PCIe) this carries the measured kernel efficiencies over while peak
    /// rates, bandwidth and SM count come from the target's datasheet.
    public init(gpu: GPUSpec, table: KernelTable) {
        self.gpu = gpu
        self.tableName = table.name
        let source = table.measuredOn.flatMap { try? HardwareCatalog.gpu(named: $0) }
        self.measuredOn = source.flatMap { $0.name == gpu.name ? nil : $0.name }
        self.roofline = RooflineKernelModel(gpu: gpu)
        let roof = RooflineKernelModel(gpu: source ?? gpu)   // the fit's reference

        var g = ResidualInterpolator()
        for s in CalibrationFilter.gemm(table.gemm) where s.time > .milliseconds(0.05) {
            let floorless = max((s.time - Self.gemmFloor).value,
                                2 * Double(s.m) * Double(s.n) * Double(s.k) / (roof.gpu.peak(.bf16).value * 0.93))
            g.add(features: Self.gemmFeatures(s.m, s.n, s.k), measured: floorless,
                  model: roof.gemm(m: s.m, n: s.n, k: s.k, dtype: .bf16).value)
        }
        self.gemmCorrection = g

        // Elementwise first: the accumulation adds inside the attention and elementwise
        // forward+backward entries are priced with the calibrated `add` kernel.
        var ef: [ElementwiseKind: ResidualInterpolator] = [:]
        let elementwise = CalibrationFilter.elementwise(table.elementwise)
        for s in elementwise.forward where s.forward > .milliseconds(0.04) {
            guard let kind = ElementwiseKind(rawValue: s.op) else { continue }
            ef[kind, default: ResidualInterpolator()].add(
                features: Self.elementwiseFeatures(s.rows, s.cols), measured: (s.forward - Self.elementwiseFloor).value,
                model: roof.elementwiseForward(kind, rows: s.rows, cols: s.cols).value)
        }
        self.elementwiseForwardCorrection = ef
        func add(_ rows: Int, _ cols: Int) -> Double {
            let model = roof.elementwiseForward(.add, rows: rows, cols: cols).value
            return model * (ef[.add]?.correction(at: Self.elementwiseFeatures(rows, cols)) ?? 1)
        }
        var eb: [ElementwiseKind: ResidualInterpolator] = [:]
        for s in elementwise.forwardBackward where s.forwardBackward > .milliseconds(0.35) {
            guard let kind = ElementwiseKind(rawValue: s.op), kind != .add else { continue }
            let accumulate = Double(kind.calibrationLeaves) * add(s.rows, s.cols)
            let backward = s.forwardBackward.value - max(s.forward.value, Self.backwardReady.value) - accumulate
            eb[kind, default: ResidualInterpolator()].add(
                features: Self.elementwiseFeatures(s.rows, s.cols), measured: backward,
                model: roof.elementwiseBackward(kind, rows: s.rows, cols: s.cols).value)
        }
        self.elementwiseBackwardCorrection = eb

        var af = ResidualInterpolator()
        var ab = ResidualInterpolator()
        let consistent = CalibrationFilter.attention(table.attention)
        let forwardOK = Set(consistent.forward), backwardOK = Set(consistent.forwardBackward)
        for s in table.attention {
            let shape = AttentionShape(batch: s.batch, heads: s.heads, kvHeads: s.kvHeads, queryLen: s.seq,
                                       keyLen: s.seq, headDim: s.headDim, causal: s.causal)
            let features = Self.attentionFeatures(shape)
            if s.forward > .milliseconds(0.06) && forwardOK.contains(s) {
                af.add(features: features, measured: (s.forward - Self.attentionFloor).value,
                       model: roof.attentionForward(shape).value)
            }
            if s.forwardBackward > .milliseconds(0.6) && backwardOK.contains(s) {
                let qElements = s.batch * s.heads * s.seq * s.headDim
                let kvElements = s.batch * s.kvHeads * s.seq * s.headDim
                let accumulate = add(1, qElements) + 2 * add(1, kvElements)
                let backward = s.forwardBackward.value - max(s.forward.value, Self.attentionBackwardReady.value) - accumulate
                ab.add(features: features, measured: backward, model: roof.attentionBackward(shape).value)
            }
        }
        self.attentionForwardCorrection = af
        self.attentionBackwardCorrection = ab
    }

    static func gemmFeatures(_ m: Int, _ n: Int, _ k: Int) -> ResidualInterpolator.Features {
        ResidualInterpolator.Features(log2(Double(max(m, 1))), log2(Double(max(n, 1))), log2(Double(max(k, 1))), 0, 0, 0, 0, 0)
    }

    static func elementwiseFeatures(_ rows: Int, _ cols: Int) -> ResidualInterpolator.Features {
        // Total size matters most; the row width a little (reductions, vector widths).
        let n = Double(max(rows, 1)) * Double(max(cols, 1))
        return ResidualInterpolator.Features(log2(n), 0.5 * log2(Double(max(cols, 1))), 0, 0, 0, 0, 0, 0)
    }

    static func attentionFeatures(_ s: AttentionShape) -> ResidualInterpolator.Features {
        // Work scales with batch·heads; the split between the two matters a little (grid shape).
        ResidualInterpolator.Features(
            log2(Double(max(s.batch * s.heads, 1))), log2(Double(max(s.queryLen, 1))), log2(Double(max(s.keyLen, 1))),
            Double(s.headDim) / 64, 0.5 * log2(Double(max(s.heads, 1)) / Double(max(s.kvHeads, 1))),
            0.25 * log2(Double(max(s.batch, 1))), 0, 0)
    }

    public func gemm(m: Int, n: Int, k: Int, dtype: ComputeDType = .bf16) -> Seconds {
        let bf16 = roofline.gemm(m: m, n: n, k: k, dtype: .bf16) * gemmCorrection.correction(at: Self.gemmFeatures(m, n, k))
        guard dtype != .bf16 else { return bf16 }
        return bf16 * (roofline.gemm(m: m, n: n, k: k, dtype: dtype) / roofline.gemm(m: m, n: n, k: k, dtype: .bf16))
    }

    public func attentionForward(_ shape: AttentionShape) -> Seconds {
        roofline.attentionForward(shape) * attentionForwardCorrection.correction(at: Self.attentionFeatures(shape))
    }

    public func attentionBackward(_ shape: AttentionShape) -> Seconds {
        roofline.attentionBackward(shape) * attentionBackwardCorrection.correction(at: Self.attentionFeatures(shape))
    }

    public func elementwiseForward(_ kind: ElementwiseKind, rows: Int, cols: Int) -> Seconds {
        if kind == .memory {
            // Priced as an `add` moving the same bytes (6 bytes per element).
            let elements = max(1, cols * max(rows, 1) / 6)
            let c = elementwiseForwardCorrection[.add]?.correction(at: Self.elementwiseFeatures(elements / 4096 + 1, 4096)) ?? 1
            return roofline.elementwiseForward(.memory, rows: rows, cols: cols) * c
        }
        let c = elementwiseForwardCorrection[kind]?.correction(at: Self.elementwiseFeatures(rows, cols)) ?? 1
        return roofline.elementwiseForward(kind, rows: rows, cols: cols) * c
    }

    public func elementwiseBackward(_ kind: ElementwiseKind, rows: Int, cols: Int) -> Seconds {
        if kind == .add { return .zero }
        if kind == .memory { return elementwiseForward(.memory, rows: rows, cols: cols) }
        let c = elementwiseBackwardCorrection[kind]?.correction(at: Self.elementwiseFeatures(rows, cols)) ?? 1
        return roofline.elementwiseBackward(kind, rows: rows, cols: cols) * c
    }

    /// Built models by table name, so a batch of scenarios pays the fitting once.
    public static func cached(gpu: GPUSpec, table: KernelTable) -> CalibratedKernelModel {
        let key = "\(gpu.name)|\(table.name)"
        return CalibratedModelCache.shared.model(key: key) { CalibratedKernelModel(gpu: gpu, table: table) }
    }
}

/// A process-wide cache of fitted calibration models (fitting takes ~1 ms; a batch of
/// 10,000 rows would otherwise refit per row).
final class CalibratedModelCache: @unchecked Sendable {
    static let shared = CalibratedModelCache()
    private let lock = NSLock()
    private var models: [String: CalibratedKernelModel] = [:]

    func model(key: String, build: () -> CalibratedKernelModel) -> CalibratedKernelModel {
        lock.lock()
        defer { lock.unlock() }
        if let m = models[key] { return m }
        let m = build()
        models[key] = m
        return m
    }
}
