import OrreryCore

/// The multi-GPU training rows of the embedded `published.csv` as configurations, for
/// estimators outside this target (the simulator) to validate against the same rows with
/// the same documented defaults as `TrainingSuites` (additive accessor; `TrainingSuites`
/// itself is unchanged).
public struct PublishedTrainingRun: Sendable {
    public var line: Int
    public var source: String
    public var label: String
    /// `iteration_time_s`, `model_tflops_per_gpu`, `mfu_pct` or `tflops_per_gpu_paper_formula`.
    public var metric: String
    public var measured: Double
    public var config: TrainingConfig
    public var cluster: ClusterSpec
    /// The source states `--tp-comm-overlap --overlap-grad-reduce --overlap-param-gather`
    /// (Megatron-Core r0.8 H100 rows).
    public var statesCommunicationOverlap: Bool

    /// The row's metric from a predicted step time and MFU, as `TrainingSuites.megatron`
    /// computes it.
    public func predicted(stepTime: Seconds, mfu: Double) -> Double {
        switch metric {
        case "iteration_time_s": return stepTime.value
        case "model_tflops_per_gpu": return mfu * cluster.gpu.peak(.bf16).value / 1e12
        case "mfu_pct": return mfu * 100
        default: return TrainingSuites.narayananFLOPs(config) / stepTime.value / Double(max(config.layout.worldSize, 1)) / 1e12
        }
    }
}

public enum PublishedTrainingRuns {
    /// `TrainingSuites.notes`: the defaults filled in where a source is silent.
    public static var notes: [String] { TrainingSuites.notes }

    /// Every row `TrainingSuites.megatron` compares, and the rows it cannot build (with why).
    public static func all() -> (runs: [PublishedTrainingRun], skipped: [String]) {
        let rows = PublishedRow.rows(metrics: ["model_tflops_per_gpu", "mfu_pct", "tflops_per_gpu_paper_formula", "iteration_time_s"])
        var runs: [PublishedTrainingRun] = [], skipped: [String] = []
        for row in rows {
            do {
                let (config, cluster, label) = try TrainingSuites.configuration(row, allRows: PublishedRow.all)
                let core = row.source.contains("937571cfd4") && !row.source.contains("Korthikanti")
                runs.append(PublishedTrainingRun(line: row.line, source: row.source, label: label, metric: row.metricName,
                                                 measured: row.metricValue, config: config, cluster: cluster,
                                                 statesCommunicationOverlap: core))
            } catch {
                skipped.append("line \(row.line) \(row.model): \(error)")
            }
        }
        return (runs, skipped)
    }
}
