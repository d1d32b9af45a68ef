import Foundation
import OrreryCore

/// The batch-estimate result columns of DESIGN.md for one scenario; nil = not applicable
/// to the scope (written as an empty cell).
public struct EstimateResult: Hashable, Sendable {
    public var stepTime: Seconds?
    public var tokensPerSecondPerGPU: Double?
    public var modelTFLOPsPerGPU: Double?
    public var mfu: Double?
    public var peakMemory: Bytes?
    public var fits: Bool?
    public var forward: Seconds?
    public var forwardBackward: Seconds?
    public var activationBytes: Bytes?
    public var latency: Seconds?
    /// Kept for the human view.
    public var step: StepEstimate?
    public var layer: LayerEstimate?
    public var inference: InferenceEstimate?
    public var kernelSource: String = ""

    public init() {}

    /// Output column names, in contract order.
    public static let columns = ["step_time_s", "tokens_per_s_per_gpu", "model_tflops_per_gpu", "mfu", "peak_memory_gib",
                                 "fits", "fwd_ms", "fwdbwd_ms", "activation_bytes", "latency_ms"]

    /// Cells in `columns` order: 6 significant digits, `1`/`0` for fits, integers for bytes.
    public var cells: [String] {
        func g(_ x: Double?) -> String { x.map { formatSignificant($0) } ?? "" }
        return [g(stepTime?.value), g(tokensPerSecondPerGPU), g(modelTFLOPsPerGPU), g(mfu), g(peakMemory?.gib),
                fits.map { $0 ? "1" : "0" } ?? "", g(forward?.milliseconds), g(forwardBackward?.milliseconds),
                activationBytes.map { String(Int64($0.value.rounded())) } ?? "", g(latency?.milliseconds)]
    }
}

/// A number with 6 significant digits and no exponent for ordinary magnitudes (deterministic).
public func formatSignificant(_ x: Double) -> String {
    guard x.isFinite else { return x.isNaN ? "nan" : (x > 0 ? "inf" : "-inf") }
    if x == 0 { return "0" }
    let magnitude = Int(log10(abs(x)).rounded(.down))
    let decimals = max(0, 5 - magnitude)
    if magnitude > 15 || magnitude < -6 { return String(format: "%.5e", x) }
    var s = String(format: "%.\(decimals)f", x)
    if s.contains(".") {
        while s.hasSuffix("0") { s.removeLast() }
        if s.hasSuffix(".") { s.removeLast() }
    }
    return s
}

/// Runs the estimate a scenario's scope asks for.
public struct ScenarioEstimator: Sendable {
    public var training: TrainingEstimator
    public var inference: InferenceEstimator

    public init(kernelTable: KernelTable? = nil, host: HostOverheadModel = .eagerPyTorch) {
        training = TrainingEstimator(host: host, kernelTable: kernelTable)
        inference = InferenceEstimator(host: host, kernelTable: kernelTable)
    }

    public func estimate(_ s: Scenario) throws -> EstimateResult {
        var r = EstimateResult()
        let gpu = s.cluster.gpu
        let peak = gpu.peak(.bf16).value
        switch s.workload.scope ?? .step {
        case .step:
            let e = try training.estimate(s.training, on: s.cluster)
            r.step = e
            r.stepTime = e.stepTime
            r.tokensPerSecondPerGPU = e.tokensPerSecondPerGPU
            r.modelTFLOPsPerGPU = e.mfu * peak / 1e12
            r.mfu = e.mfu
            r.peakMemory = e.memory.total
            r.fits = e.fits
            r.kernelSource = e.kernelSource
        case .layer:
            let e = training.layer(s.training, gpu: gpu)
            r.layer = e
            r.forward = e.forward
            r.forwardBackward = e.forwardBackward
            r.activationBytes = e.activationBytes
            r.peakMemory = e.peakMemory
            r.fits = e.fits
            let tokens = Double(s.layout.microBatch * s.seqLen)
            var one = s.model
            one.layers = 1
            let layerFLOPs = (ModelFLOPs.forwardPerToken(one, contextLen: Double(s.seqLen), fullAttention: true).value
                - 2 * Double(one.hidden * one.vocab)) * 3 * tokens / Double(max(s.layout.tp, 1))
            r.modelTFLOPsPerGPU = layerFLOPs / e.forwardBackward.value / 1e12
            r.mfu = layerFLOPs / e.forwardBackward.value / peak
            r.tokensPerSecondPerGPU = tokens / e.forwardBackward.value
            r.kernelSource = e.kernelSource
        case .prefill, .decode:
            let tp = max(s.layout.tp, 1)
            let e: InferenceEstimate
            if s.workload.scope == .prefill {
                let prompt = s.workload.promptLen.flatMap { Int($0) } ?? s.seqLen
                e = inference.prefill(model: s.model, gpu: gpu, batch: s.layout.microBatch, promptLen: prompt, tp: tp, cluster: s.cluster)
            } else {
                e = inference.decode(model: s.model, gpu: gpu, batch: s.layout.microBatch, contextLen: s.workload.contextLen ?? s.seqLen,
                                     q: s.workload.tokensPerDecode ?? 1, tp: tp, cluster: s.cluster)
            }
            r.inference = e
            r.latency = e.latency
            r.tokensPerSecondPerGPU = e.tokensPerSecond / Double(tp)
            r.modelTFLOPsPerGPU = e.forwardFLOPs.value / e.latency.value / Double(tp) / 1e12
            r.mfu = e.forwardFLOPs.value / e.latency.value / Double(tp) / peak
            r.peakMemory = e.peakMemory
            r.fits = e.fits
            r.kernelSource = e.kernelSource
        }
        return r
    }
}

extension ScenarioEstimator {
    /// Estimates many scenarios over all cores, keeping their order; a failed input or a
    /// failed estimate becomes that entry's error.
    public func estimateAll(_ inputs: [Result<Scenario, OrreryError>]) -> [Result<EstimateResult, OrreryError>] {
        let count = inputs.count
        guard count > 0 else { return [] }
        let results = ResultSlots(count: count)
        let chunks = max(1, min(count, ProcessInfo.processInfo.activeProcessorCount * 4))
        DispatchQueue.concurrentPerform(iterations: chunks) { c in
            for i in (c * count / chunks)..<((c + 1) * count / chunks) {
                switch inputs[i] {
                case .failure(let e): results.set(i, .failure(e))
                case .success(let s):
                    do { results.set(i, .success(try estimate(s))) } catch let e as OrreryError {
                        results.set(i, .failure(e))
                    } catch {
                        results.set(i, .failure(.rule(field: "scenario \(s.name)", rule: "\(error)")))
                    }
                }
            }
        }
        return results.values
    }
}

/// Write-once result slots filled from concurrent workers; each index is written by
/// exactly one worker, and all writes finish before `values` is read.
private final class ResultSlots: @unchecked Sendable {
    private let buffer: UnsafeMutableBufferPointer<Result<EstimateResult, OrreryError>>
    init(count: Int) {
        buffer = .allocate(capacity: count)
        buffer.initialize(repeating: .failure(.rule(field: "scenario", rule: "not estimated")))
    }
    deinit {
        buffer.baseAddress?.deinitialize(count: buffer.count)
        buffer.deallocate()
    }
    func set(_ i: Int, _ r: Result<EstimateResult, OrreryError>) { buffer[i] = r }
    var values: [Result<EstimateResult, OrreryError>] { Array(buffer) }
}
