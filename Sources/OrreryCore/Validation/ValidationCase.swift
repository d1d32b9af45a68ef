/// One predicted-versus-measured comparison for `orrery validate`. `measured` comes from a
/// published source or a measurement we took, named in `source`; never from our own output.
public struct ValidationCase: Hashable, Sendable {
    /// Group in the report ("single-GPU GEMM (H100)", "nccl-tests DGX H100").
    public var suite: String
    /// Citation of the measured number (paper/table, repository@commit:path, or our run).
    public var source: String
    /// What was compared ("GPT-3 175B, tp 8 pp 8, 1024 A100").
    public var label: String
    /// Metric name with its unit (`busbw_gbs`, `iteration_time_s`).
    public var metric: String
    public var predicted: Double
    public var measured: Double

    public init(suite: String, source: String, label: String, metric: String, predicted: Double, measured: Double) {
        self.suite = suite
        self.source = source
        self.label = label
        self.metric = metric
        self.predicted = predicted
        self.measured = measured
    }

    /// Absolute percentage error, |predicted − measured| / |measured| × 100.
    public var absolutePercentError: Double {
        measured == 0 ? .infinity : abs(predicted - measured) / abs(measured) * 100
    }
}

extension Sequence where Element == ValidationCase {
    /// Mean absolute percentage error in percent.
    public var mape: Double {
        let errors = map(\.absolutePercentError)
        return errors.isEmpty ? 0 : errors.reduce(0, +) / Double(errors.count)
    }
}
