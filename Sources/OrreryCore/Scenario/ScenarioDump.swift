import Foundation
import Yams

extension ScenarioFile {
    /// The effective scenario with every default written out (for `orrery scenario`, the
    /// `--dump` of STYLE.md). Loading the result gives the same scenario back, except that a
    /// generic cluster comes back as the equivalent custom one.
    public init(normalizing s: Scenario) {
        let m = s.model
        let model: ModelSource
        if CatalogIndex.isCatalogEntry(m) {
            model = .named(m.name)
        } else {
            model = .inline(InlineModel(
                name: m.name, arch: m.family.rawValue, layers: m.layers, hidden: m.hidden, ffnHidden: m.ffnHidden,
                heads: m.heads, kvHeads: m.kvHeads, headDim: m.headDim, vocab: m.vocab, tiedEmbeddings: m.tiedEmbeddings,
                maxPositions: m.family == .gpt ? m.maxPositions : nil, qkvBias: m.qkvBias,
                experts: m.moe?.experts, topK: m.moe?.topK, expertFFNHidden: m.moe?.expertFFNHidden,
                sharedExperts: m.moe?.sharedExperts, moeLayerFrequency: m.moe?.layerFrequency))
        }

        let c = s.cluster
        let cluster: ClusterSource
        if let preset = ClusterCatalog.presets.first(where: { $0.name == c.name && $0.with(nodes: c.nodes) == c }) {
            cluster = c.nodes == preset.nodes ? .preset(preset.name) : .spec(ClusterMapping(preset: preset.name, nodes: c.nodes))
        } else {
            // A single node has no scale-out NICs to describe.
            let nic = c.nodes > 1 ? c.interNode : nil
            cluster = .spec(ClusterMapping(
                gpu: c.gpu.name, nodes: c.nodes, gpusPerNode: c.gpusPerNode, nics: nic == nil ? nil : c.nicsPerNode,
                nicGbps: nic.map { $0.bandwidthPerDirection.value * 8 / 1e9 }, nicLink: nic?.name))
        }

        let l = s.layout, w = s.workload
        self.init(
            name: s.name, model: model, cluster: cluster, gpu: c.gpu.name, numGPUs: c.totalGPUs,
            parallel: ParallelSection(tp: l.tp, pp: l.pp, dp: l.dp, cp: l.cp, ep: l.ep, vpp: l.vpp, zero: l.zero,
                                      recompute: l.recompute.rawValue, recomputeLayers: l.recomputeLayers,
                                      sequenceParallel: l.sequenceParallel),
            batch: BatchSection(global: l.globalBatch, micro: l.microBatch),
            seqLen: s.seqLen, precision: s.precision.rawValue, optimizer: s.optimizer.rawValue,
            workload: WorkloadSection(scope: (w.scope ?? .step).rawValue, promptLen: w.promptLen, outputLen: w.outputLen,
                                      contextLen: w.contextLen, q: w.tokensPerDecode, trainingTokens: w.trainingTokens,
                                      dollarsPerGPUHour: w.dollarsPerGPUHour, rateQPS: w.rateQPS, durationS: w.durationS,
                                      seed: w.seed))
    }

    /// This scenario as YAML, keys in schema order.
    public func yaml() throws -> String {
        do {
            return try YAMLEncoder().encode(self)
        } catch {
            throw OrreryError.io(path: "scenario", message: "cannot write YAML: \(error)")
        }
    }
}
