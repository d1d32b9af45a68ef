import Testing
@testable import OrreryCore

/// Layout rules: each rule on its own, then a seeded sweep checking that whatever passes
/// satisfies every divisibility law.
struct LayoutValidationTests {
    /// Llama-3-8B shape (meta-llama/Meta-Llama-3-8B config.json): 32 layers, 32 heads, 8 KV heads.
    static let llama = ModelArchitecture(name: "llama-test", family: .llama, layers: 32, hidden: 4096, ffnHidden: 14336,
                                         heads: 32, kvHeads: 8, vocab: 128256, tiedEmbeddings: false)
    static let gpt = ModelArchitecture(name: "gpt-test", family: .gpt, layers: 12, hidden: 768, ffnHidden: 3072,
                                       heads: 12, vocab: 50257, tiedEmbeddings: true, maxPositions: 1024)
    static let moe = ModelArchitecture(name: "moe-test", family: .llama, layers: 32, hidden: 4096, ffnHidden: 14336,
                                       heads: 32, kvHeads: 8, vocab: 32000, tiedEmbeddings: false,
                                       moe: MoEConfig(experts: 8, topK: 2, expertFFNHidden: 14336))

    static func scenario(gpus: Int? = nil, gpu: String = "h100-sxm", seqLen: Int = 4096,
                         precision: PrecisionMode = .bf16Mixed, scope: EstimateScope = .step, contextLen: Int? = nil,
                         _ layout: ParallelLayout) throws -> Scenario {
        try scenario(llama, gpus: gpus, gpu: gpu, seqLen: seqLen, precision: precision, scope: scope, contextLen: contextLen, layout)
    }

    static func scenario(_ model: ModelArchitecture, gpus: Int? = nil, gpu: String = "h100-sxm", seqLen: Int = 4096,
                         precision: PrecisionMode = .bf16Mixed, scope: EstimateScope = .step, contextLen: Int? = nil,
                         _ layout: ParallelLayout) throws -> Scenario {
        let cluster = try ClusterCatalog.generic(gpu: HardwareCatalog.gpu(named: gpu), numGPUs: gpus ?? layout.worldSize)
        return Scenario(name: "t", model: model, cluster: cluster, layout: layout, seqLen: seqLen, precision: precision,
                        workload: WorkloadSpec(scope: scope, contextLen: contextLen, tokensPerDecode: scope == .decode ? 1 : nil))
    }

    static func messages(_ s: Scenario) -> [String] { LayoutValidation.violations(of: s).map(\.description) }

    @Test func validLayoutPasses() throws {
        let s = try Self.scenario(ParallelLayout(tp: 8, pp: 4, dp: 2, vpp: 2, zero: 1, microBatch: 2, globalBatch: 64))
        #expect(Self.messages(s) == [])
        try LayoutValidation.validate(s)
    }

    @Test func tpMustDivideHeads() throws {
        let s = try Self.scenario(ParallelLayout(tp: 3))
        #expect(LayoutValidation.violations(of: s).first == .rule(field: "parallel.tp", rule: "tp = 3 does not divide heads = 32"))
    }

    @Test func gqaRuleIsMegatronForTrainingAndVLLMForInference() throws {
        // tp 16 divides heads 32 but not kv_heads 8.
        let train = try Self.scenario(ParallelLayout(tp: 16))
        #expect(Self.messages(train).contains { $0.contains("tp = 16 does not divide kv_heads = 8") })
        let layer = try Self.scenario(scope: .layer, ParallelLayout(tp: 16))
        #expect(!Self.messages(layer).isEmpty)
        // Serving replicates KV heads when kv_heads divides tp.
        let decode = try Self.scenario(scope: .decode, contextLen: 1024, ParallelLayout(tp: 16))
        #expect(Self.messages(decode) == [])
        // Neither divides the other: 48 heads, 12 KV heads, tp 8.
        let odd = ModelArchitecture(name: "odd", family: .llama, layers: 4, hidden: 6144, ffnHidden: 16384, heads: 48, kvHeads: 12,
                                    vocab: 1000, tiedEmbeddings: false)
        let bad = try Self.scenario(odd, scope: .decode, contextLen: 1024, ParallelLayout(tp: 8))
        #expect(Self.messages(bad).contains { $0.contains("one must divide the other") })
    }

    @Test func worldSizeMustMatchTheClusterForStepOnly() throws {
        let step = try Self.scenario(gpus: 64, ParallelLayout(tp: 8, pp: 4, dp: 3, globalBatch: 3))
        #expect(Self.messages(step) == ["num_gpus: tp·pp·dp·cp = 8·4·3·1 = 96 but the cluster has 64 GPUs"])
        let layer = try Self.scenario(gpus: 1, scope: .layer, ParallelLayout(tp: 8))
        #expect(Self.messages(layer) == [])
    }

    @Test func pipelineRules() throws {
        #expect(Self.messages(try Self.scenario(ParallelLayout(pp: 64))) == ["parallel.pp: pp = 64 exceeds layers = 32"])
        #expect(Self.messages(try Self.scenario(ParallelLayout(pp: 3)))
            == ["parallel.pp: layers = 32 is not divisible by pp·vpp = 3·1 = 3"])
        #expect(Self.messages(try Self.scenario(ParallelLayout(pp: 4, vpp: 3)))
            == ["parallel.vpp: layers = 32 is not divisible by pp·vpp = 4·3 = 12"])
        #expect(Self.messages(try Self.scenario(ParallelLayout(vpp: 2)))
            == ["parallel.vpp: vpp = 2 needs pp > 1 (interleaving splits pipeline stages)"])
    }

    @Test func contextParallelNeedsTwoChunksPerRank() throws {
        #expect(Self.messages(try Self.scenario(seqLen: 4096, ParallelLayout(cp: 4))) == [])
        // 4098 is divisible by cp = 2 but not by 2·cp = 4.
        let bad = Self.messages(try Self.scenario(seqLen: 4098, ParallelLayout(cp: 2)))
        #expect(bad.count == 1 && bad[0].hasPrefix("parallel.cp: seq_len = 4098 is not divisible by 2·cp = 4"))
    }

    @Test func sequenceParallelSplitsOverTP() throws {
        let bad = Self.messages(try Self.scenario(seqLen: 4100, ParallelLayout(tp: 8, sequenceParallel: true)))
        #expect(bad.count == 1 && bad[0].hasPrefix("parallel.sequence_parallel:"))
    }

    @Test func expertParallelRules() throws {
        #expect(Self.messages(try Self.scenario(ParallelLayout(dp: 2, ep: 2, globalBatch: 2)))
            == ["parallel.ep: ep = 2 needs a mixture-of-experts model; llama-test is dense"])
        #expect(Self.messages(try Self.scenario(Self.moe, ParallelLayout(dp: 6, ep: 3, globalBatch: 6)))
            == ["parallel.ep: ep = 3 does not divide experts = 8"])
        #expect(Self.messages(try Self.scenario(Self.moe, ParallelLayout(dp: 2, ep: 4, globalBatch: 2)))
            .first?.contains("ep = 4 does not divide dp·cp = 2·1 = 2") == true)
        #expect(Self.messages(try Self.scenario(Self.moe, ParallelLayout(dp: 8, ep: 8, globalBatch: 8))) == [])
    }

    @Test func zeroStageRange() throws {
        #expect(LayoutValidation.violations(of: try Self.scenario(ParallelLayout(zero: 5)))
            == [.invalidValue(field: "parallel.zero", value: "5", allowed: "0, 1, 2 or 3 (ZeRO stage; 3 = full sharding as in FSDP)")])
        #expect(Self.messages(try Self.scenario(ParallelLayout(zero: -1))).count == 1)
    }

    @Test func positiveIntegersEverywhere() throws {
        let s = try Self.scenario(gpus: 1, ParallelLayout(tp: 1, microBatch: 0, globalBatch: 0))
        #expect(Self.messages(s) == ["batch.micro = 0 is not allowed: a positive integer", "batch.global = 0 is not allowed: a positive integer"])
        let negative = try Self.scenario(gpus: 1, ParallelLayout(cp: -2))
        #expect(Self.messages(negative) == ["parallel.cp = -2 is not allowed: a positive integer"])
    }

    @Test func globalBatchDivisibleByDPTimesMicro() throws {
        #expect(Self.messages(try Self.scenario(ParallelLayout(dp: 8, microBatch: 2, globalBatch: 24)))
            == ["batch.global: batch.global = 24 is not a multiple of dp·micro_batch = 8·2 = 16"])
    }

    @Test func learnedPositionsBoundTheSequence() throws {
        #expect(Self.messages(try Self.scenario(Self.gpt, seqLen: 2048, ParallelLayout()))
            == ["seq_len: seq_len = 2048 exceeds max_positions = 1024 of gpt-test (learned position table)"])
        #expect(Self.messages(try Self.scenario(Self.gpt, seqLen: 1024, ParallelLayout())) == [])
        // Decode: the cache plus the new token must fit.
        #expect(Self.messages(try Self.scenario(Self.gpt, scope: .decode, contextLen: 1024, ParallelLayout())).count == 1)
        // Rotary models have no table.
        #expect(Self.messages(try Self.scenario(seqLen: 131072, ParallelLayout())) == [])
    }

    @Test func recomputeLayersNeedsFull() throws {
        #expect(Self.messages(try Self.scenario(ParallelLayout(recompute: .selective, recomputeLayers: 4))).count == 1)
        #expect(Self.messages(try Self.scenario(ParallelLayout(recompute: .full, recomputeLayers: 4))) == [])
    }

    @Test func fp8NeedsFP8TensorCores() throws {
        // A100 has no fp8 tensor cores (NVIDIA A100 datasheet); H100 does (H100 datasheet).
        #expect(Self.messages(try Self.scenario(gpu: "a100-sxm-80gb", precision: .fp8, ParallelLayout()))
            == ["precision: precision = fp8 needs fp8 tensor cores; a100-sxm-80gb has none"])
        #expect(Self.messages(try Self.scenario(gpu: "h100-sxm", precision: .fp8, ParallelLayout())) == [])
    }

    @Test func kvHeadsMustDivideHeads() throws {
        let m = ModelArchitecture(name: "m", family: .llama, layers: 2, hidden: 512, ffnHidden: 1024, heads: 8, kvHeads: 3,
                                  headDim: 64, vocab: 100, tiedEmbeddings: false)
        #expect(Self.messages(try Self.scenario(m, ParallelLayout())).first == "model.kv_heads: kv_heads = 3 does not divide heads = 8")
    }

    /// Law: any layout that validates has tp | heads, tp | kv_heads, tp | ffn, pp·vpp | layers,
    /// dp·micro | global, ep | experts and ep | dp·cp, and fills the cluster exactly.
    @Test func acceptedLayoutsSatisfyEveryDivisibilityLaw() throws {
        let axes = [1, 2, 3, 4, 8]
        var accepted = 0
        for seed in 0..<400 {
            var rng = SplitMix64(seed: UInt64(seed))
            func pick(_ xs: [Int]) -> Int { xs[Int(rng.next() % UInt64(xs.count))] }
            let model = rng.next() % 2 == 0 ? Self.llama : Self.moe
            let layout = ParallelLayout(tp: pick(axes), pp: pick(axes), dp: pick(axes), cp: pick([1, 2]), ep: pick([1, 2, 4, 8]),
                                        vpp: pick([1, 2]), zero: pick([0, 1, 3]), microBatch: pick([1, 2]), globalBatch: pick([8, 16, 24]))
            let fits = layout.worldSize <= 8 || layout.worldSize % 8 == 0  // the generic cluster has 8-GPU nodes
            let s = try Self.scenario(model, gpus: pick([16, 32, 64, fits ? layout.worldSize : 64]), layout)
            guard LayoutValidation.violations(of: s).isEmpty else { continue }
            accepted += 1
            let ok = model.heads % layout.tp == 0 && model.kvHeads % layout.tp == 0 && model.ffnHidden % layout.tp == 0
                && model.layers % (layout.pp * layout.vpp) == 0 && layout.globalBatch % (layout.dp * layout.microBatch) == 0
                && layout.worldSize == s.cluster.totalGPUs && (layout.ep == 1 || (model.moe!.experts % layout.ep == 0
                    && (layout.dp * layout.cp) % layout.ep == 0))
            #expect(ok, "seed \(seed): \(layout)")
        }
        #expect(accepted >= 10, "the sweep should reach valid layouts (\(accepted) accepted)")
    }
}

/// SplitMix64 (Steele, Lea, Flood 2014), a small seeded generator for randomised tests.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
