import Foundation
import OrreryCore

/// A DeepSpeed `ds_config.json` for a plan.
///
/// Keys as DeepSpeed reads them (deepspeed/runtime/constants.py, zero/config.py; the DeepSpeed
/// configuration JSON docs): train_batch_size (= micro × accumulation × data-parallel ranks),
/// train_micro_batch_size_per_gpu, gradient_accumulation_steps, bf16.enabled,
/// zero_optimization.stage, zero_optimization.offload_optimizer {device, pin_memory},
/// activation_checkpointing {partition_activations, contiguous_memory_optimization,
/// number_checkpoints}. Tensor, pipeline and context degrees are not ds_config keys: they
/// go to the model code (Megatron-DeepSpeed arguments, `PipelineModule(num_stages:)`),
/// which the warnings say.
public enum DeepSpeedExport {
    public static func render(_ p: PlannedLayout, request r: PlanRequest) -> PlanExportOutput {
        let l = p.layout
        var warnings: [String] = []
        var config: [String: Any] = [
            "train_batch_size": l.globalBatch,
            "train_micro_batch_size_per_gpu": l.microBatch,
            "gradient_accumulation_steps": l.microBatchesPerStep,
            "bf16": ["enabled": true],
        ]
        var zero: [String: Any] = ["stage": l.zero]
        if p.offloadOptimizer { zero["offload_optimizer"] = ["device": "cpu", "pin_memory": true] as [String: Any] }
        config["zero_optimization"] = zero
        if l.recompute == .full {
            config["activation_checkpointing"] = ["partition_activations": false, "contiguous_memory_optimization": false,
                                                  "number_checkpoints": l.recomputeLayers ?? p.split.middle] as [String: Any]
        }
        if l.tp > 1 || l.pp > 1 || l.cp > 1 || l.ep > 1 {
            warnings.append("ds_config.json has no tensor/pipeline/context/expert degree keys: launch with tp \(l.tp), pp \(l.pp), cp \(l.cp), ep \(l.ep) in the model code (e.g. Megatron-DeepSpeed --tensor-model-parallel-size \(l.tp) --pipeline-model-parallel-size \(l.pp))")
        }
        if l.recompute == .selective {
            warnings.append("selective recomputation is chosen in the model code (Megatron-DeepSpeed --recompute-granularity selective), not in ds_config.json")
        }
        if r.precision == .fp8 { warnings.append("fp8 GEMMs come from Transformer Engine in the model code; ds_config.json keeps bf16") }
        let data = (try? JSONSerialization.data(withJSONObject: config, options: [.prettyPrinted, .sortedKeys])) ?? Data("{}".utf8)
        return PlanExportOutput(text: String(decoding: data, as: UTF8.self) + "\n", warnings: warnings)
    }
}
