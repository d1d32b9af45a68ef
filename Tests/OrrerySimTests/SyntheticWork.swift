import OrreryCore
import OrreryCost
@testable import OrrerySim

/// A compute model with fixed per-layer times and nothing else (no embedding, head,
/// optimizer or communication), so pipeline timings have closed forms.
struct FixedLayerTimes: TrainingComputeModel {
    var forward = Seconds.milliseconds(1)
    var backwardInput = Seconds.milliseconds(2)
    var backwardWeight = Seconds.zero
    func layer(_ index: Int, config: TrainingConfig, gpu: GPUSpec) throws -> PassTimes {
        PassTimes(forward: forward, backwardInput: backwardInput, backwardWeight: backwardWeight)
    }
    func embedding(config: TrainingConfig, gpu: GPUSpec) throws -> PassTimes { .zero }
    func head(config: TrainingConfig, gpu: GPUSpec) throws -> PassTimes { .zero }
    func optimizerStep(parameters: Int, config: TrainingConfig, gpu: GPUSpec) throws -> Seconds { .zero }
    func tensorParallelTraffic(layer index: Int, config: TrainingConfig) -> [(op: CollectiveOp, bytes: Bytes)] { [] }
    func pipelineMessageBytes(config: TrainingConfig) -> Bytes { .zero }
}

/// Communication that costs nothing.
struct FreeCollectives: CollectiveCostModel {
    func time(_ op: CollectiveOp, bytes: Bytes, group: CommGroup, cluster: ClusterSpec) -> Seconds { .zero }
}

/// All-reduces over groups of `ranks` at a fixed time per call; everything else free.
struct FixedAllReduce: CollectiveCostModel {
    var each: Seconds
    var ranks: Int
    func time(_ op: CollectiveOp, bytes: Bytes, group: CommGroup, cluster: ClusterSpec) -> Seconds {
        op == .allReduce && group.ranks == ranks ? each : .zero
    }
}

enum Synthetic {
    /// A GPT-shaped model with `layers` layers on `pp · dp · tp` H100s.
    static func config(layers: Int, pp: Int, vpp: Int = 1, dp: Int = 1, tp: Int = 1, microBatches m: Int) -> (TrainingConfig, ClusterSpec) {
        let model = ModelArchitecture(name: "synthetic", family: .gpt, layers: layers, hidden: 1024, ffnHidden: 4096, heads: 16,
                                      vocab: 32000, tiedEmbeddings: false, maxPositions: 2048)
        let layout = ParallelLayout(tp: tp, pp: pp, dp: dp, vpp: vpp, microBatch: 1, globalBatch: m * dp)
        let gpus = tp * pp * dp
        let cluster = try! ClusterCatalog.cluster(named: "dgx-h100", nodes: max(1, (gpus + 7) / 8))
        return (TrainingConfig(model: model, layout: layout, seqLen: 2048), cluster)
    }

    static func simulation(_ compute: FixedLayerTimes = FixedLayerTimes(), collectives: any CollectiveCostModel = FreeCollectives(),
                           schedule: ScheduleKind, faults: FaultModel = FaultModel()) -> TrainingStepSimulation {
        var options = SimulationOptions(schedule: schedule)
        options.faults = faults
        return TrainingStepSimulation(pricer: StepWorkPricer(compute: compute, collectives: collectives), options: options)
    }
}
