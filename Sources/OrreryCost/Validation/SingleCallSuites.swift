import Foundation
import OrreryCore

/// Leave-one-out on the forward+backward entries of the H100 tables, predicted the way they
/// were measured: one op timed with CUDA events around `fn().backward(g)` on an idle GPU.
/// The prediction runs the host/GPU timeline (`HostOverheadModel`) over the op's forward
/// kernel, the `backward()` call, its backward kernels and the gradient accumulation into
/// the benchmark's leaf tensors — so it checks the host-overhead model (small shapes) and
/// the backward kernel model (large shapes) together, on entries the fit did not see.
enum SingleCallSuites {
    static let looAttentionForwardBackward = "H100 kernel tables, leave-one-out: attention forward+backward (timed call)"
    static let looElementwiseForwardBackward = "H100 kernel tables, leave-one-out: elementwise forward+backward (timed call)"

    /// Event-record overhead between the two events of one timed call (assumed 2.6 µs: the
    /// tables' one-kernel floors less dispatch and launch latency, see `HostOverheadModel`).
    static let eventOverhead = Seconds.microseconds(2.6)

    static let notes = [
        "Predicted = host/GPU timeline of one timed call: forward kernel (its dispatch), backward() call, backward kernels, one gradient-accumulation add per leaf input (and per LayerNorm/RMSNorm parameter); every constant from HostOverheadModel and CalibratedKernelModel fitted without the predicted entry.",
        "Covers every entry, including small shapes where the time is all host overhead.",
    ]

    static func accumulate(_ model: CalibratedKernelModel, elements: Int, host: HostOverheadModel) -> KernelCall {
        KernelCall(name: "accumulate", kind: .elementwise, gpuTime: model.elementwiseForward(.add, rows: 1, cols: elements),
                   hostTime: host.backwardDispatch)
    }

    static func timedCall(forward: KernelCall, backward: [KernelCall], host: HostOverheadModel) -> Seconds {
        var t = StreamTimeline(launchLatency: host.launchLatency)
        t.run(forward)
        t.hostWork(host.backwardCall)
        t.run(backward)
        return t.elapsed + eventOverhead
    }

    static func attention() -> ValidationSuite {
        let table = KernelTable.h100SXM
        let host = HostOverheadModel.eagerPyTorch
        let indices = Array(table.attention.indices)
        let predicted = LeaveOneOutSuites.leaveOneOut(indices, drop: { i in
            var t = table
            t.attention.remove(at: i)
            return t
        }, predict: { i, model in
            let s = table.attention[i]
            let shape = LeaveOneOutSuites.shape(s)
            let q = s.batch * s.heads * s.seq * s.headDim, kv = s.batch * s.kvHeads * s.seq * s.headDim
            let forward = KernelCall(name: "sdpa", kind: .attention, gpuTime: model.attentionForward(shape), hostTime: host.attentionDispatch)
            let backward = [KernelCall(name: "sdpa", part: .backward, kind: .attention, gpuTime: model.attentionBackward(shape),
                                       hostTime: host.attentionBackwardDispatch),
                            accumulate(model, elements: q, host: host), accumulate(model, elements: kv, host: host),
                            accumulate(model, elements: kv, host: host)]
            return timedCall(forward: forward, backward: backward, host: host).milliseconds
        })
        var suite = ValidationSuite(name: looAttentionForwardBackward, notes: notes)
        for (j, i) in indices.enumerated() {
            let s = table.attention[i]
            suite.entries.append(ValidationEntry(
                ValidationCase(suite: suite.name, source: LeaveOneOutSuites.source + ", attention.csv",
                               label: "sdpa b=\(s.batch) h=\(s.heads) kv=\(s.kvHeads) s=\(s.seq) d=\(s.headDim)\(s.causal ? " causal" : "") fwd+bwd",
                               metric: "attention_fwdbwd_ms", predicted: predicted[j], measured: s.forwardBackward.milliseconds),
                kernelSource: LeaveOneOutSuites.kernelSource("attention")))
        }
        return suite
    }

    /// Backward kernels of each calibrated op, and its parameter leaves (norm weight/bias).
    static func backwardKernels(_ kind: ElementwiseKind) -> (kernels: Int, parameters: Int) {
        switch kind {
        case .layerNorm: return (2, 2)
        case .rmsNorm: return (2, 1)
        case .geluTanh: return (1, 0)
        case .siluMul: return (3, 0)
        case .add: return (0, 0)
        case .crossEntropy: return (3, 0)
        case .memory: return (1, 0)
        }
    }

    static func elementwise() -> ValidationSuite {
        let table = KernelTable.h100SXM
        let host = HostOverheadModel.eagerPyTorch
        let indices = table.elementwise.indices.filter { ElementwiseKind(rawValue: table.elementwise[$0].op) != nil }
        let predicted = LeaveOneOutSuites.leaveOneOut(indices, drop: { i in
            var t = table
            t.elementwise.remove(at: i)
            return t
        }, predict: { i, model in
            let s = table.elementwise[i]
            let kind = ElementwiseKind(rawValue: s.op)!
            let (kernels, parameters) = backwardKernels(kind)
            let forward = KernelCall(name: s.op, kind: .elementwise, gpuTime: model.elementwiseForward(kind, rows: s.rows, cols: s.cols),
                                     hostTime: host.elementwiseDispatch * (kind == .siluMul ? 2 : 1))
            var backward: [KernelCall] = []
            if kernels > 0 {
                backward.append(KernelCall(name: s.op, part: .backward, kind: .elementwise,
                                           gpuTime: model.elementwiseBackward(kind, rows: s.rows, cols: s.cols),
                                           hostTime: host.backwardDispatch * Double(kernels)))
            }
            for _ in 0..<kind.calibrationLeaves { backward.append(accumulate(model, elements: s.rows * s.cols, host: host)) }
            for _ in 0..<parameters { backward.append(accumulate(model, elements: s.cols, host: host)) }
            return timedCall(forward: forward, backward: backward, host: host).milliseconds
        })
        var suite = ValidationSuite(name: looElementwiseForwardBackward, notes: notes)
        for (j, i) in indices.enumerated() {
            let s = table.elementwise[i]
            suite.entries.append(ValidationEntry(
                ValidationCase(suite: suite.name, source: LeaveOneOutSuites.source + ", elementwise.csv",
                               label: "\(s.op) \(s.rows)x\(s.cols) fwd+bwd", metric: "elementwise_fwdbwd_ms",
                               predicted: predicted[j], measured: s.forwardBackward.milliseconds),
                kernelSource: LeaveOneOutSuites.kernelSource("elementwise")))
        }
        return suite
    }
}
