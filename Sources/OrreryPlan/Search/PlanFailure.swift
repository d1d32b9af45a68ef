import OrreryCore
import OrreryCost

/// The planner's "no" answers, as `OrreryError`s that explain themselves.
enum PlanFailure {
    /// No grid shape survives the rules: usually the global batch divides by no dp.
    static func noLayout(_ r: PlanRequest, rejected: LayoutSearchSpace.Rejections) -> OrreryError {
        if rejected.batchIndivisible > 0 {
            let dps = rejected.dpValues.map(String.init).joined(separator: ", ")
            let hint = rejected.dpValues.first.map { d in " (e.g. \((r.globalBatch / d + 1) * d), a multiple of dp = \(d))" } ?? ""
            return .rule(field: "global_batch",
                         rule: "global_batch = \(r.globalBatch) is not a multiple of dp·micro_batch for any layout of \(r.model.name) on \(r.cluster.totalGPUs) GPUs: the layouts' dp = num_gpus / (tp·cp·pp) is one of {\(dps)}; choose a global batch that one of them divides\(hint)")
        }
        let c = r.constraints
        let pins = [("tp", c.tp), ("pp", c.pp), ("cp", c.cp), ("ep", c.ep), ("vpp", c.vpp), ("zero", c.zero)]
            .compactMap { name, v in v.map { "\(name) \($0)" } }
        let pinned = pins.isEmpty ? "" : " with \(pins.joined(separator: ", "))"
        return .rule(field: "layout", rule: "no layout of \(r.model.name) (heads \(r.model.heads), kv_heads \(r.model.kvHeads), layers \(r.model.layers)) divides \(r.cluster.totalGPUs) GPUs (\(r.cluster.gpusPerNode) per node)\(pinned): tp must divide heads, kv_heads and ffn_hidden, and tp·cp·pp must divide num_gpus")
    }

    /// Nothing fits: the answer names the best peak memory reached and the smallest cluster
    /// (this GPU, ×2 node counts) on which some layout fits.
    static func doesNotFit(_ r: PlanRequest, smallestPeak: Bytes?, planner: LayoutPlanner) -> OrreryError {
        let usable = MemoryBudget.usablePeak(gpu: r.cluster.gpu, reserve: r.memoryReserve)
        var message = "\(r.model.name) does not fit on \(r.cluster.totalGPUs) \(r.cluster.gpu.name) at any layout"
        if let smallestPeak {
            message += String(format: " (the most memory-frugal layout needs %.1f GiB per GPU; %.1f GiB usable of %.0f GiB)",
                              smallestPeak.gib, usable.gib, r.cluster.gpu.hbmBytes.gib)
        }
        if let n = smallestFittingCluster(r, planner: planner) {
            message += "; the smallest cluster that fits is \(n) GPUs (\(n / r.cluster.gpusPerNode) nodes × \(r.cluster.gpusPerNode)) with a global batch that \(n) GPUs divide"
        } else {
            message += "; no cluster up to \(maxProbeGPUs) GPUs of this kind fits it"
        }
        return .rule(field: "num_gpus", rule: message)
    }

    /// Largest cluster probed for the "smallest cluster that fits" answer.
    static let maxProbeGPUs = 1 << 17

    /// The smallest GPU count N·2^k (k ≥ 1) on which some layout fits with one sequence per
    /// GPU per step (global batch = N·2^k, so every dp divides it), or nil.
    static func smallestFittingCluster(_ r: PlanRequest, planner: LayoutPlanner) -> Int? {
        var nodes = r.cluster.nodes * 2
        while nodes * r.cluster.gpusPerNode <= maxProbeGPUs {
            var probe = r
            probe.cluster = r.cluster.with(nodes: nodes)
            if probe.cluster.interNode == nil, let nic = try? HardwareCatalog.link(named: "ib-ndr") {
                probe.cluster.interNode = nic
                probe.cluster.nicsPerNode = r.cluster.gpusPerNode
            }
            probe.globalBatch = probe.cluster.totalGPUs
            probe.top = 1
            if fitsSomewhere(probe, planner: planner) { return probe.cluster.totalGPUs }
            nodes *= 2
        }
        return nil
    }

    /// Whether any shape fits at its most frugal setting (micro-batch 1, full recompute,
    /// offload when allowed).
    static func fitsSomewhere(_ r: PlanRequest, planner: LayoutPlanner) -> Bool {
        let (shapes, _) = LayoutSearchSpace(r).shapes()
        let usable = MemoryBudget.usablePeak(gpu: r.cluster.gpu, reserve: r.memoryReserve)
        // Most sharded shapes first: they are the likeliest to fit.
        let ordered = shapes.filter { MemoryBudget.lowerBound($0, request: r) <= usable }
            .sorted { MemoryBudget.lowerBound($0, request: r) < MemoryBudget.lowerBound($1, request: r) }
        for s in ordered.prefix(64) {
            let layout = s.layout(microBatch: 1, recompute: .full, recomputeLayers: nil, globalBatch: r.globalBatch)
            let config = TrainingConfig(model: r.model, layout: layout, seqLen: r.seqLen, precision: r.precision, optimizer: r.optimizer)
            guard var e = try? planner.estimator.estimate(config, on: r.cluster) else { continue }
            if r.allowOffload { e = OptimizerOffload.apply(e, config: config, cluster: r.cluster) }
            if MemoryBudget.fits(peak: e.memory.total, gpu: r.cluster.gpu, reserve: r.memoryReserve) { return true }
        }
        return false
    }
}
