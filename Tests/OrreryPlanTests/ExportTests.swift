import Foundation
import Testing
import OrreryCore
import OrreryCost
@testable import OrreryPlan

/// Exports of the Llama 3 405B layout (Dubey et al. 2024 Table 4: 16,384 H100, tp 8, cp 1,
/// pp 16, dp 128, 16M tokens = 2,048 sequences of 8,192), with the uneven split 8/8/6.
struct ExportTests {
    static func llama405() throws -> (PlannedLayout, PlanRequest) {
        let split = StageSplit(stages: 16, first: 8, middle: 8, last: 6)
        let p = PlanFixtures.planned(tp: 8, pp: 16, dp: 128, zero: 1, recompute: .full, recomputeLayers: 3, microBatch: 1,
                                     globalBatch: 2048, split: split)
        let cluster = try ClusterCatalog.cluster(named: "dgx-h100", nodes: 2048)
        let r = PlanRequest(model: try ModelResolver.resolve("llama-3.1-405b"), cluster: cluster, seqLen: 8192, globalBatch: 2048)
        return (p, r)
    }

    @Test func megatronArguments() throws {
        let (p, r) = try Self.llama405()
        let text = MegatronExport.render(p, request: r).text
        for flag in ["--tensor-model-parallel-size 8", "--sequence-parallel", "--pipeline-model-parallel-size 16",
                     "--context-parallel-size 1", "--decoder-first-pipeline-num-layers 8", "--decoder-last-pipeline-num-layers 6",
                     "--recompute-granularity full --recompute-method block --recompute-num-layers 3",
                     "--micro-batch-size 1 --global-batch-size 2048", "--use-distributed-optimizer", "--bf16",
                     "--num-layers 126", "--hidden-size 16384", "--num-attention-heads 128",
                     "--group-query-attention --num-query-groups 8", "--seq-length 8192", "--swiglu",
                     "--nproc-per-node 8 --nnodes 2048"] {
            #expect(text.contains(flag), "missing \(flag)")
        }
        #expect(!text.contains("--num-layers-per-virtual-pipeline-stage"))
    }

    /// Gradient accumulation = 2,048 / (128 dp × 1 micro-batch) = 16 (hand computed).
    @Test func deepSpeedConfig() throws {
        var (p, r) = try Self.llama405()
        p.offloadOptimizer = true
        let out = DeepSpeedExport.render(p, request: r)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(out.text.utf8)) as? [String: Any])
        #expect(json["train_batch_size"] as? Int == 2048)
        #expect(json["train_micro_batch_size_per_gpu"] as? Int == 1)
        #expect(json["gradient_accumulation_steps"] as? Int == 16)
        #expect((json["bf16"] as? [String: Any])?["enabled"] as? Bool == true)
        let zero = try #require(json["zero_optimization"] as? [String: Any])
        #expect(zero["stage"] as? Int == 1)
        #expect((zero["offload_optimizer"] as? [String: Any])?["device"] as? String == "cpu")
        #expect(out.warnings.contains { $0.contains("tensor/pipeline") })
    }

    /// local_batch_size = 2,048 / 128 = 16; 15 split points, the stage boundaries 8, 16, …,
    /// 112, 120 (14 stages of 8 after the first 8; the last stage holds layers 120…125).
    @Test func torchtitanToml() throws {
        let (p, r) = try Self.llama405()
        let text = TorchtitanExport.render(p, request: r).text
        for line in ["local_batch_size = 16", "global_batch_size = 2048", "seq_len = 8192", "tensor_parallel_degree = 8",
                     "pipeline_parallel_degree = 16", "context_parallel_degree = 1", "data_parallel_shard_degree = 128",
                     "data_parallel_replicate_degree = 1", "pipeline_parallel_schedule = \"1F1B\"", "[activation_checkpoint]"] {
            #expect(text.contains(line), "missing \(line)")
        }
        #expect(TorchtitanExport.splitPoints(p) == Array(stride(from: 8, through: 120, by: 8)))
    }

    @Test func exportFormatsHaveConventionalNames() {
        #expect(PlanExportFormat.allCases.map(\.defaultFileName) == ["megatron_args.sh", "ds_config.json", "torchtitan.toml"])
    }
}

struct ExplanationTests {
    /// A plan with 0.5 s more bubble and 0.1 s more dp traffic loses by the bubble.
    @Test func dominantTermIsTheLargestDifference() {
        var a = TimeBreakdown(), b = TimeBreakdown()
        a.compute = Seconds(10); b.compute = Seconds(10)
        a.bubble = Seconds(1); b.bubble = Seconds(1.5)
        b.dpComm = Seconds(0.1)
        let split = StageSplit.even(layers: 8, stages: 2)
        let best = PlanFixtures.planned(tp: 1, pp: 2, dp: 4, globalBatch: 32, split: split, time: a)
        let other = PlanFixtures.planned(tp: 1, pp: 2, dp: 4, globalBatch: 32, split: split, time: b)
        let gpu = try! HardwareCatalog.gpu(named: "h100-sxm")
        let why = PlanExplanation.versus(best: best, other: other, gpu: gpu, reserve: .zero)
        #expect(why.dominantTerm == "bubble")
        #expect(why.stepTimeDelta.isApproximatelyEqual(to: Seconds(0.6), relativeTolerance: 1e-9))
        var forced = other
        forced.estimate.time.bubble = Seconds(1)
        forced.estimate.time.recompute = Seconds(2)
        forced.estimate.stepTime = forced.estimate.time.total
        forced.forcedByMemory = .gib(90)
        #expect(PlanExplanation.versus(best: best, other: forced, gpu: gpu, reserve: .zero).dominantTerm == "memory")
    }
}
