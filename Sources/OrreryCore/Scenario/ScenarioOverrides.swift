/// Setting single fields on top of a scenario file (command-line flags override the file).
/// Cluster fields interact: each setter below keeps the file's cluster choice consistent
/// with the new value rather than leaving two values to conflict.
extension ScenarioFile {
    /// `--cluster NAME`: the preset replaces the file's cluster (its node count is kept when
    /// the file already named a preset with one).
    public mutating func setCluster(preset name: String) {
        if case let .spec(m)? = cluster, m.preset != nil, let nodes = m.nodes {
            cluster = .spec(ClusterMapping(preset: name, nodes: nodes))
        } else {
            cluster = .preset(name)
        }
    }

    /// `--nodes N`: the node count of the file's cluster, or of a custom cluster of the
    /// top-level GPU kind when the file has none.
    public mutating func setNodes(_ nodes: Int) {
        switch cluster {
        case .none: cluster = .spec(ClusterMapping(nodes: nodes))
        case let .preset(name): cluster = .spec(ClusterMapping(preset: name, nodes: nodes))
        case var .spec(m):
            m.nodes = nodes
            cluster = .spec(m)
        }
    }

    /// `--gpu NAME`: the GPU kind (also of a custom cluster mapping from the file).
    public mutating func setGPU(_ name: String) {
        gpu = name
        if case var .spec(m)? = cluster, m.preset == nil, m.gpu != nil {
            m.gpu = nil
            cluster = .spec(m)
        }
    }

    /// `--gpus-per-node G` (also of a custom cluster mapping from the file).
    public mutating func setGPUsPerNode(_ count: Int) {
        gpusPerNode = count
        if case var .spec(m)? = cluster, m.preset == nil, m.gpusPerNode != nil {
            m.gpusPerNode = nil
            cluster = .spec(m)
        }
    }

    /// `--num-gpus N`: with a preset or custom cluster the node count follows from it.
    public mutating func setNumGPUs(_ count: Int) {
        numGPUs = count
        if case var .spec(m)? = cluster, m.nodes != nil {
            m.nodes = nil
            cluster = .spec(m)
        }
    }

    /// Edits the `parallel` section, creating it when absent.
    public mutating func editParallel(_ edit: (inout ParallelSection) -> Void) {
        var section = parallel ?? ParallelSection()
        edit(&section)
        parallel = section
    }

    /// Edits the `batch` section, creating it when absent.
    public mutating func editBatch(_ edit: (inout BatchSection) -> Void) {
        var section = batch ?? BatchSection()
        edit(&section)
        batch = section
    }

    /// Edits the `workload` section, creating it when absent.
    public mutating func editWorkload(_ edit: (inout WorkloadSection) -> Void) {
        var section = workload ?? WorkloadSection()
        edit(&section)
        workload = section
    }
}
