import Foundation
import OrreryCore

/// Leave-one-out over the shipped H100 SXM calibration tables (`KernelTable.h100SXM`,
/// measured on one H100 80GB HBM3; see `H100SXMKernelTableData`): for each entry above the
/// floor the model uses, fit `CalibratedKernelModel` on the table without that entry and
/// predict it. The tables' times include the single-call launch floor, so the prediction is
/// the model's GPU time plus the matching floor constant.
enum LeaveOneOutSuites {
    static let source = "H100 SXM kernel calibration tables shipped in Orrery (Sources/OrreryCost/Kernels/H100SXMKernelTableData.swift: one H100 80GB HBM3, PyTorch 2.11, CUDA 13.0, CUDA events, median of 15)"

    static var gpu: GPUSpec {
        // The catalog entry is fixed; a failed look-up is a build defect.
        guard let g = try? HardwareCatalog.gpu(named: "h100-sxm") else { preconditionFailure("h100-sxm missing from the catalog") }
        return g
    }

    /// `predict(i, model)` for each index in `indices`, each with the model fitted without
    /// entry `i` (`drop(i)` returns that table). Runs the fits concurrently; the result is in
    /// index order, so the output does not depend on scheduling.
    static func leaveOneOut<T: Sendable>(_ indices: [Int], drop: @Sendable (Int) -> KernelTable,
                                         predict: @Sendable (Int, CalibratedKernelModel) -> T) -> [T] {
        let g = gpu
        let results = LeaveOneOutSlots<T>(count: indices.count)
        DispatchQueue.concurrentPerform(iterations: indices.count) { j in
            let i = indices[j]
            results.set(j, predict(i, CalibratedKernelModel(gpu: g, table: drop(i))))
        }
        return results.values
    }

    static func kernelSource(_ what: String) -> String {
        "calibration table h100-sxm-80gb without the predicted \(what) entry"
    }

    static let notes = [
        "Each entry is predicted by CalibratedKernelModel fitted on the shipped H100 table with that one entry removed; predicted = model GPU time + the launch floor the fit subtracts (the table times one call, floor included).",
        "Only entries the model fits are tested (gemm > 0.05 ms, attention forward > 0.06 ms, elementwise forward > 0.04 ms); below that the time is mostly launch floor.",
    ]

    /// GEMM entries above 0.05 ms; predicted = gemm + `CalibratedKernelModel.gemmFloor`.
    static func gemm() -> ValidationSuite {
        let table = KernelTable.h100SXM
        let indices = table.gemm.indices.filter { table.gemm[$0].time > .milliseconds(0.05) }
        let predicted = leaveOneOut(indices, drop: { i in
            var t = table
            t.gemm.remove(at: i)
            return t
        }, predict: { i, model in
            let s = table.gemm[i]
            return (model.gemm(m: s.m, n: s.n, k: s.k, dtype: .bf16) + CalibratedKernelModel.gemmFloor).milliseconds
        })
        var suite = ValidationSuite(name: ValidationSuites.looGEMM, notes: notes)
        for (j, i) in indices.enumerated() {
            let s = table.gemm[i]
            suite.entries.append(ValidationEntry(
                ValidationCase(suite: suite.name, source: source + ", gemm.csv", label: "bf16 m=\(s.m) n=\(s.n) k=\(s.k)",
                               metric: "gemm_ms", predicted: predicted[j], measured: s.time.milliseconds),
                kernelSource: kernelSource("gemm")))
        }
        return suite
    }

    /// Attention entries with forward above 0.06 ms; predicted = attentionForward + `attentionFloor`.
    static func attentionForward() -> ValidationSuite {
        let table = KernelTable.h100SXM
        let indices = table.attention.indices.filter { table.attention[$0].forward > .milliseconds(0.06) }
        let predicted = leaveOneOut(indices, drop: { i in
            var t = table
            t.attention.remove(at: i)
            return t
        }, predict: { i, model in
            (model.attentionForward(shape(table.attention[i])) + CalibratedKernelModel.attentionFloor).milliseconds
        })
        var suite = ValidationSuite(name: ValidationSuites.looAttentionForward, notes: notes)
        for (j, i) in indices.enumerated() {
            let s = table.attention[i]
            let label = "sdpa b=\(s.batch) h=\(s.heads) kv=\(s.kvHeads) s=\(s.seq) d=\(s.headDim)\(s.causal ? " causal" : "")"
            suite.entries.append(ValidationEntry(
                ValidationCase(suite: suite.name, source: source + ", attention.csv", label: label,
                               metric: "attention_fwd_ms", predicted: predicted[j], measured: s.forward.milliseconds),
                kernelSource: kernelSource("attention")))
        }
        return suite
    }

    static func shape(_ s: AttentionSample) -> AttentionShape {
        AttentionShape(batch: s.batch, heads: s.heads, kvHeads: s.kvHeads, queryLen: s.seq, keyLen: s.seq,
                       headDim: s.headDim, causal: s.causal)
    }

    /// Elementwise entries with forward above 0.04 ms; predicted = elementwiseForward + `elementwiseFloor`.
    static func elementwiseForward() -> ValidationSuite {
        let table = KernelTable.h100SXM
        let indices = table.elementwise.indices.filter {
            table.elementwise[$0].forward > .milliseconds(0.04) && ElementwiseKind(rawValue: table.elementwise[$0].op) != nil
        }
        let predicted = leaveOneOut(indices, drop: { i in
            var t = table
            t.elementwise.remove(at: i)
            return t
        }, predict: { i, model in
            let s = table.elementwise[i]
            let kind = ElementwiseKind(rawValue: s.op)!
            return (model.elementwiseForward(kind, rows: s.rows, cols: s.cols) + CalibratedKernelModel.elementwiseFloor).milliseconds
        })
        var suite = ValidationSuite(name: ValidationSuites.looElementwiseForward, notes: notes)
        for (j, i) in indices.enumerated() {
            let s = table.elementwise[i]
            suite.entries.append(ValidationEntry(
                ValidationCase(suite: suite.name, source: source + ", elementwise.csv", label: "\(s.op) \(s.rows)x\(s.cols)",
                               metric: "elementwise_fwd_ms", predicted: predicted[j], measured: s.forward.milliseconds),
                kernelSource: kernelSource("elementwise")))
        }
        let unknown = Set(table.elementwise.filter { ElementwiseKind(rawValue: $0.op) == nil }.map(\.op))
        if !unknown.isEmpty { suite.skipped.append("ops without an ElementwiseKind: \(unknown.sorted().joined(separator: ", "))") }
        return suite
    }
}

/// Fixed slots filled from concurrent iterations, each index written once.
final class LeaveOneOutSlots<T: Sendable>: @unchecked Sendable {
    private var slots: [T?]
    private let lock = NSLock()

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func set(_ i: Int, _ value: T) {
        lock.lock()
        slots[i] = value
        lock.unlock()
    }

    var values: [T] {
        lock.lock()
        defer { lock.unlock() }
        return slots.map { $0! }
    }
}
