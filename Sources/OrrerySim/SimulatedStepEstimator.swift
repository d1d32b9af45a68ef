import OrreryCore
import OrreryCost

/// A `StepEstimating` whose step time comes from the discrete-event simulation
/// (`TrainingStepSimulation`) instead of the closed form, so the planner can re-rank its
/// top candidates with it. Memory, fit, model FLOPs and the kernel source are the closed
/// form's (`TrainingEstimator.estimate`): the simulator changes when work runs, not what
/// it holds. The breakdown is the busiest rank group's.
public struct SimulatedStepEstimator: StepEstimating {
    public var simulation: TrainingStepSimulation
    public var closedForm: TrainingEstimator

    public init(closedForm: TrainingEstimator = TrainingEstimator(), options: SimulationOptions = SimulationOptions()) {
        self.closedForm = closedForm
        self.simulation = TrainingStepSimulation(pricer: StepWorkPricer(compute: closedForm, collectives: closedForm.collectives),
                                                 options: options)
    }

    public func estimate(_ config: TrainingConfig, on cluster: ClusterSpec) throws -> StepEstimate {
        try estimateWithSimulation(config, on: cluster).estimate
    }

    /// The estimate and the simulation behind it.
    public func estimateWithSimulation(_ config: TrainingConfig, on cluster: ClusterSpec) throws -> (estimate: StepEstimate, simulation: SimulatedStep) {
        let base = try closedForm.estimate(config, on: cluster)
        let sim = try simulation.run(config, on: cluster)
        let gpus = Double(max(config.layout.worldSize, 1))
        let step = sim.stepTime
        let tokens = Double(config.layout.globalBatch * config.seqLen) / step.value / gpus
        let mfu = base.modelFLOPs.value / step.value / gpus / cluster.gpu.peak(.bf16).value
        var e = StepEstimate(stepTime: step, time: sim.breakdown, memory: base.memory, fits: base.fits, modelFLOPs: base.modelFLOPs,
                             tokensPerSecondPerGPU: tokens, mfu: mfu, kernelSource: base.kernelSource, diagnostics: base.diagnostics)
        e.gpuBusyByKind = base.gpuBusyByKind
        if simulation.options.schedule == .gpipe, config.layout.pp > 1 {
            e.diagnostics.append(Diagnostic(location: "--schedule gpipe",
                                            message: "memory is the 1F1B estimate; GPipe holds all \(config.layout.microBatchesPerStep) micro-batches' activations"))
        }
        return (e, sim)
    }
}
