import Foundation
import OrreryCore
import OrreryCost

/// Renders one scenario's estimate: a readable report, or the contract's columns as JSON/CSV.
enum EstimateReport {
    static func render(_ s: Scenario, _ r: EstimateResult, format: OutputFormat) -> String {
        switch format {
        case .csv: return (try? CSVRendering.csv(header: ["name", "scope"] + EstimateResult.columns,
                                                  rows: [[s.name, (s.workload.scope ?? .step).rawValue] + r.cells])) ?? ""
        case .json:
            var o: [String: Any] = ["name": s.name, "scope": (s.workload.scope ?? .step).rawValue, "kernel_source": r.kernelSource]
            for (k, v) in zip(EstimateResult.columns, r.cells) { o[k] = JSONRendering.value(v) }
            if let step = r.step {
                o["time_breakdown_s"] = Dictionary(uniqueKeysWithValues: step.time.terms.map { ($0.name, $0.time.value) })
                o["memory_breakdown_gib"] = Dictionary(uniqueKeysWithValues: step.memory.terms.map { ($0.name, $0.bytes.gib) })
                o["gpu_time_by_kind_s"] = Dictionary(uniqueKeysWithValues: step.gpuBusyByKind.map { ($0.key.rawValue, $0.value.value) })
            }
            if let inf = r.inference {
                o["memory_breakdown_gib"] = Dictionary(uniqueKeysWithValues: inf.memory.terms.map { ($0.name, $0.bytes.gib) })
            }
            return JSONRendering.encode(o)
        case .table: return human(s, r)
        }
    }

    static func f(_ x: Double, _ digits: Int = 3) -> String { String(format: "%.\(digits)f", x) }

    static func human(_ s: Scenario, _ r: EstimateResult) -> String {
        var out: [String] = []
        let m = s.model, l = s.layout
        let scope = s.workload.scope ?? .step
        out.append(s.name)
        out.append("  model \(m.name) (\(f(Double(m.parameterCount) / 1e9, 2))B parameters) on \(s.cluster.name): "
                   + "\(s.cluster.nodes) node\(s.cluster.nodes == 1 ? "" : "s") × \(s.cluster.gpusPerNode) \(s.cluster.gpu.name)")
        out.append("  scope \(scope.rawValue); tp \(l.tp)\(l.sequenceParallel ? " (sequence parallel)" : "") pp \(l.pp) dp \(l.dp) cp \(l.cp) ep \(l.ep) vpp \(l.vpp) zero \(l.zero); "
                   + "recompute \(l.recompute.rawValue); micro-batch \(l.microBatch), global batch \(l.globalBatch); "
                   + "seq \(s.seqLen); \(s.precision.rawValue), \(s.optimizer.rawValue)")
        out.append("  kernel times: \(r.kernelSource)")
        out.append("")
        let capacity = s.cluster.gpu.hbmBytes.gib
        switch scope {
        case .step:
            guard let e = r.step else { break }
            out.append("  step time          \(f(e.stepTime.value, 4)) s")
            out.append("  throughput         \(f(e.tokensPerSecondPerGPU, 0)) tokens/s per GPU")
            out.append("  model FLOP/s       \(f(e.mfu * s.cluster.gpu.peak(.bf16).tera, 1)) TFLOP/s per GPU (MFU \(f(100 * e.mfu, 1))%)")
            out.append("  peak memory        \(f(e.memory.total.gib, 2)) GiB of \(f(capacity, 0)) GiB: \(e.fits ? "fits" : "DOES NOT FIT (out of memory)")")
            if let tokens = s.workload.trainingTokens, tokens > 0 {
                let seconds = tokens / (e.tokensPerSecondPerGPU * Double(l.worldSize))
                let gpuHours = seconds / 3600 * Double(l.worldSize)
                var line = "  training           \(f(seconds / 86400, 2)) days for \(f(tokens / 1e9, 1))B tokens, \(f(gpuHours, 0)) GPU-hours"
                if let price = s.workload.dollarsPerGPUHour { line += ", $\(f(gpuHours * price, 0))" }
                out.append(line)
            }
            out.append("")
            out.append("  time per step (critical path)")
            for t in e.time.terms where t.time.value > 0 {
                out.append("    \(t.name.padding(toLength: 12, withPad: " ", startingAt: 0)) \(f(t.time.milliseconds, 2).leftPad(10)) ms  \(f(100 * (t.time / e.stepTime), 1).leftPad(5))%")
            }
            out.append("")
            out.append("  GPU kernel time per step, by operator kind (slowest stage)")
            for kind in OpKind.allCases { if let t = e.gpuBusyByKind[kind], t.value > 0 {
                out.append("    \(kind.rawValue.padding(toLength: 12, withPad: " ", startingAt: 0)) \(f(t.milliseconds, 2).leftPad(10)) ms")
            } }
            out.append("")
            out.append("  memory at the peak (per GPU)")
            for t in e.memory.terms where t.bytes.value > 0 {
                out.append("    \(t.name.padding(toLength: 17, withPad: " ", startingAt: 0)) \(f(t.bytes.gib, 2).leftPad(8)) GiB")
            }
        case .layer:
            guard let e = r.layer else { break }
            out.append("  forward            \(f(e.forward.milliseconds, 3)) ms")
            out.append("  forward+backward   \(f(e.forwardBackward.milliseconds, 3)) ms")
            out.append("  saved activations  \(Int64(e.activationBytes.value)) bytes (\(f(e.activationBytes.mib, 1)) MiB)")
            out.append("  model FLOP/s       \(f((r.modelTFLOPsPerGPU ?? 0), 1)) TFLOP/s (MFU \(f(100 * (r.mfu ?? 0), 1))%)")
            out.append("  GPU busy by kind over forward+backward")
            for kind in OpKind.allCases { if let t = e.busyByKind[kind], t.value > 0 {
                out.append("    \(kind.rawValue.padding(toLength: 12, withPad: " ", startingAt: 0)) \(f(t.milliseconds, 3).leftPad(10)) ms")
            } }
        case .prefill, .decode:
            guard let e = r.inference else { break }
            out.append("  latency            \(f(e.latency.milliseconds, 3)) ms")
            out.append("  throughput         \(f(e.tokensPerSecond, 0)) new tokens/s on the replica")
            out.append("  peak memory        \(f(e.peakMemory.gib, 2)) GiB of \(f(capacity, 0)) GiB: \(e.fits ? "fits" : "DOES NOT FIT (out of memory)")")
            for t in e.memory.terms where t.bytes.value > 0 {
                let name = t.name == "activations" ? "kv_cache" : t.name
                out.append("    \(name.padding(toLength: 17, withPad: " ", startingAt: 0)) \(f(t.bytes.gib, 2).leftPad(8)) GiB")
            }
            out.append("  GPU busy by kind")
            for kind in OpKind.allCases { if let t = e.busyByKind[kind], t.value > 0 {
                out.append("    \(kind.rawValue.padding(toLength: 12, withPad: " ", startingAt: 0)) \(f(t.milliseconds, 3).leftPad(10)) ms")
            } }
        }
        return out.joined(separator: "\n") + "\n"
    }
}

extension String {
    func leftPad(_ n: Int) -> String { count >= n ? self : String(repeating: " ", count: n - count) + self }
}
