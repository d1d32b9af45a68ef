import OrreryCore
import OrreryCost

/// The simulator's suites for `orrery validate`: the same published multi-GPU rows as the
/// closed form's `Megatron-LM / Korthikanti` suite (`PublishedTrainingRuns`, same defaults),
/// predicted by `SimulatedStepEstimator`.
public enum SimValidationSuites {
    public static let megatronSimulated = "Megatron-LM / Korthikanti multi-GPU training, simulated (published)"

    public static var definitions: [ValidationSuites.Definition] {
        [ValidationSuites.Definition(name: megatronSimulated) { megatron() }]
    }

    static let notes = [
        "Same rows, configurations and defaults as the closed-form suite (notes there); step time from the discrete-event simulator (OrrerySim): 1F1B (interleaved where vpp > 1) over the priced layers, Megatron DDP buckets (max(40M, 1M x dp) parameters) reduced during the last micro-batch's backward, pipeline messages and data-parallel collectives sharing each rank's NIC by processor sharing.",
        "Megatron-Core r0.8 H100 rows state --tp-comm-overlap --overlap-grad-reduce --overlap-param-gather: simulated with tensor-parallel collectives concurrent with the layer's compute, ZeRO-1 parameter all-gathers overlapping the first forward; other rows (Megatron-LM 2021/2022): tensor-parallel collectives after the compute that produces them, and blocking pipeline sends (p2p_communication: batch_isend_irecv, wait, cuda synchronize) on the sender's compute stream.",
        "Collectives priced by NCCLCollectiveModel (the default CollectiveCostModel); A100 rows priced by the roofline (no A100 kernel table). Large errors are reported as they are.",
    ]

    /// The suite over the runs `runs` selects (all by default).
    static func megatron(runs select: (PublishedTrainingRun) -> Bool = { _ in true }) -> ValidationSuite {
        var suite = ValidationSuite(name: megatronSimulated, notes: notes)
        let (runs, skipped) = PublishedTrainingRuns.all()
        suite.skipped = skipped
        for run in runs where select(run) {
            var options = SimulationOptions()
            options.overlapTensorParallel = run.statesCommunicationOverlap
            options.blockingPipelineSends = !run.statesCommunicationOverlap
            let estimator = SimulatedStepEstimator(options: options)
            do {
                let e = try estimator.estimate(run.config, on: run.cluster)
                let predicted = run.predicted(stepTime: e.stepTime, mfu: e.mfu)
                guard predicted.isFinite else {
                    suite.skipped.append("line \(run.line): prediction is not a finite number")
                    continue
                }
                suite.entries.append(ValidationEntry(
                    ValidationCase(suite: suite.name, source: run.source, label: run.label, metric: run.metric,
                                   predicted: predicted, measured: run.measured),
                    kernelSource: e.kernelSource))
            } catch {
                suite.skipped.append("line \(run.line) \(run.label): \(error)")
            }
        }
        return suite
    }
}
