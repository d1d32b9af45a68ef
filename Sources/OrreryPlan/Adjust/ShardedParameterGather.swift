import OrreryCore
import OrreryCost

/// ZeRO-3 / FSDP parameter traffic the estimator leaves out: `TrainingEstimator` prices
/// zero = 3 like zero = 1 (one reduce-scatter of gradients, one all-gather of parameters per
/// step), but fully sharded training gathers every parameter again for each micro-batch's
/// forward and again for its backward (ZeRO, Rajbhandari et al. 2020, arXiv 1910.02054,
/// §7.2.2: 3Ψ per step against data parallelism's 2Ψ, per micro-batch for the gathers;
/// PyTorch FSDP, Zhao et al. 2023, arXiv 2304.11277, §3.3: reshard after forward, gather
/// again in backward, prefetch the next unit's gather behind the current unit's compute).
///
/// Per step the data-parallel links carry `2·m·G + R` (m micro-batches, G one all-gather of
/// the stage's bf16 parameters, R the gradient reduce-scatter), which prefetching hides behind
/// compute and recomputation but not beyond them. The data-parallel term becomes
/// `max(estimator's dp term, 2·m·G + R − (compute + recompute))`. G and R come from
/// `IdealRingCollectiveModel` (bandwidth only: a lower bound on the traffic's time).
public enum ShardedParameterGather {
    public static func apply(_ e: StepEstimate, config: TrainingConfig, cluster: ClusterSpec) -> StepEstimate {
        let l = config.layout
        guard l.zero >= 3, l.dp > 1 else { return e }
        let perParam = ParameterMemory(precision: config.precision, optimizer: config.optimizer)
        // This GPU holds weights = P·w / dp of its stage's P parameters.
        let stageParameters = e.memory.weights.value * Double(l.dp) / perParam.weightBytes
        let gradientBytesPerParameter = config.precision == .bf16 ? 2.0 : 4.0   // as the estimator reduces them
        let stride = l.tp * l.cp
        let nodes = max(1, (l.dp * stride + cluster.gpusPerNode - 1) / max(cluster.gpusPerNode, 1))
        let group = CommGroup(ranks: l.dp, nodes: nodes)
        let model = IdealRingCollectiveModel()
        let gather = model.time(.allGather, bytes: Bytes(stageParameters * perParam.weightBytes), group: group, cluster: cluster)
        let reduce = model.time(.reduceScatter, bytes: Bytes(stageParameters * gradientBytesPerParameter), group: group, cluster: cluster)
        let traffic = gather * (2 * Double(max(l.microBatchesPerStep, 1))) + reduce
        let exposed = traffic - (e.time.compute + e.time.recompute)
        guard exposed > e.time.dpComm else { return e }
        var out = e
        out.time.dpComm = exposed
        return PlanAdjustment.retimed(out, from: e)
    }
}
