import ArgumentParser
import Foundation
import OrreryCore
import OrreryServe

/// `orrery serve`: simulate LLM serving (continuous batching, paged KV cache, chunked
/// prefill, disaggregation, speculative decoding, LoRA) and report TTFT/TPOT/E2E,
/// throughput and goodput (DESIGN.md contract); optionally search the capacity.
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Simulate LLM serving: latency percentiles, throughput, goodput, KV use, capacity.",
        discussion: """
        Synthetic:  orrery serve --model llama-3.1-8b --gpu h100-sxm --rate 10 --duration-s 600 --prompt-len 512 --output-len lognormal:200:0.8
        Trace:      orrery serve --model llama-3.1-8b --gpu h100-sxm --trace Examples/serve/chat-poisson.csv --format json
        Capacity:   orrery serve --model llama-3.1-8b --gpu h100-sxm --rate 1 --slo-ttft-ms 500 --slo-tpot-ms 50 --capacity --target-rate 100
        Trace format: Examples/serve/FORMAT.md. Engines: vllm, tensorrt-llm, eager-pytorch.
        """)

    @Option(help: ArgumentHelp("Catalog model name, or a Hugging Face config.json.", valueName: "name")) var model: String
    @Option(help: ArgumentHelp("GPU kind.", valueName: "name")) var gpu: String
    @Option(parsing: .unconditional, help: "Tensor-parallel GPUs per replica.") var tp = 1
    @Option(parsing: .unconditional, help: "Pipeline stages per replica.") var pp = 1
    @Option(parsing: .unconditional, help: "Replicas (ignored with --disaggregate).") var replicas = 1
    @Option(help: "Engine profile: vllm, tensorrt-llm or eager-pytorch.") var engine = "vllm"
    @Option(parsing: .unconditional, help: "Mean arrival rate, requests/s (all replicas).") var rate: Double?
    @Option(name: .customLong("duration-s"), parsing: .unconditional, help: "Seconds of arrivals.") var durationS = 60.0
    @Option(name: .customLong("prompt-len"), help: ArgumentHelp("Prompt tokens: N, uniform:LO:HI, normal:MEAN:SD, exp:MEAN, lognormal:MEDIAN:SIGMA.", valueName: "N|DIST"))
    var promptLen = "512"
    @Option(name: .customLong("output-len"), help: ArgumentHelp("Output tokens (same forms).", valueName: "N|DIST")) var outputLen = "128"
    @Option(help: "Arrivals: poisson, gamma:CV, diurnal:AMPLITUDE:PERIOD_S or offline.") var arrival = "poisson"
    @Option(parsing: .unconditional, help: "Requests (with --arrival offline: all at t = 0).") var requests: Int?
    @Option(parsing: .unconditional, help: "Random seed.") var seed: UInt64 = 0
    @Option(help: ArgumentHelp("Request trace CSV instead of synthetic arrivals (Examples/serve/FORMAT.md).", valueName: "file.csv"))
    var trace: String?
    @Option(help: "Router: least-load or round-robin.") var router = "least-load"
    @Flag(name: .customLong("chunked-prefill"), inversion: .prefixedNo, help: "Chunked prefill (default: the engine's).") var chunkedPrefill: Bool?
    @Option(name: .customLong("max-batched-tokens"), parsing: .unconditional, help: "Token budget per iteration.") var maxBatchedTokens: Int?
    @Option(name: .customLong("max-seqs"), parsing: .unconditional, help: "Most sequences per batch.") var maxSeqs: Int?
    @Option(name: .customLong("block-size"), parsing: .unconditional, help: "KV block size, tokens.") var blockSize: Int?
    @Option(help: "Preemption: recompute or swap.") var preemption = "recompute"
    @Flag(name: .customLong("prefix-caching"), help: "Reuse cached shared-prefix blocks.") var prefixCaching = false
    @Option(name: .customLong("prefix-groups"), parsing: .unconditional, help: "Synthetic shared-prefix groups.") var prefixGroups = 0
    @Option(name: .customLong("prefix-tokens"), parsing: .unconditional, help: "Shared-prefix length, tokens.") var prefixTokens = 0
    @Option(name: .customLong("kv-budget-gib"), parsing: .unconditional, help: "KV-cache memory per replica, GiB (default: from the GPU).") var kvBudgetGiB: Double?
    @Option(help: ArgumentHelp("Prefill/decode disaggregation: P prefill and D decode replicas.", valueName: "P:D")) var disaggregate: String?
    @Option(name: .customLong("kv-link"), help: "Link for KV hand-off: nvlink (the GPU's) or a catalog link (ib-ndr, pcie5…).") var kvLink = "nvlink"
    @Option(name: .customLong("spec-tokens"), parsing: .unconditional, help: "Speculative decoding: draft tokens γ.") var specTokens: Int?
    @Option(name: .customLong("spec-acceptance"), help: "Acceptance α, or one per position (comma list).") var specAcceptance = "0.7"
    @Option(name: .customLong("spec-drafter"), help: "eagle, heads, or a draft model name.") var specDrafter = "eagle"
    @Option(name: .customLong("spec-tree-width"), parsing: .unconditional, help: "Draft candidates per position (tree).") var specTreeWidth = 1
    @Option(help: ArgumentHelp("LoRA adapters: a count (ids 0…N−1) or NAME[:RANK],…", valueName: "N|list")) var adapters: String?
    @Option(name: .customLong("lora-rank"), parsing: .unconditional, help: "Default LoRA rank.") var loraRank = 16
    @Option(name: .customLong("lora-slots"), parsing: .unconditional, help: "GPU-resident adapters per replica.") var loraSlots = 8
    @Option(name: .customLong("adapter-source"), help: "Adapters load from host or storage.") var adapterSource = "host"
    @Option(name: .customLong("slo-ttft-ms"), parsing: .unconditional, help: "SLO: time to first token, ms.") var sloTTFTms: Double?
    @Option(name: .customLong("slo-tpot-ms"), parsing: .unconditional, help: "SLO: time per output token, ms.") var sloTPOTms: Double?
    @Flag(help: "Search the max rate per replica meeting the SLO (90 % attainment; Poisson arrivals with --prompt-len/--output-len).") var capacity = false
    @Option(name: .customLong("target-rate"), parsing: .unconditional, help: "With --capacity: replicas needed for this rate.") var targetRate: Double?
    @Flag(name: .customLong("kv-series"), help: "Include KV utilisation over time (json).") var kvSeries = false
    @Option(name: .customLong("chrome-trace"), help: ArgumentHelp("Write a Chrome/Perfetto trace of the iterations.", valueName: "file.json"))
    var chromeTrace: String?
    @Option(name: .customLong("write-requests"), help: ArgumentHelp("Also write the simulated requests as a trace CSV.", valueName: "file.csv"))
    var writeRequests: String?
    @Option(help: "Output format: table, json or csv.") var format: OutputFormat = .table

    func validate() throws {
        if trace != nil && rate != nil { throw ValidationError("--trace gives the arrivals; drop --rate (or drop --trace)") }
        if capacity && sloTTFTms == nil && sloTPOTms == nil { throw ValidationError("--capacity needs an SLO: add --slo-ttft-ms and/or --slo-tpot-ms") }
        if targetRate != nil && !capacity { throw ValidationError("--target-rate needs --capacity") }
    }

    func run() throws {
        var s = ServeSetup()
        (s.model, s.gpu, s.tp, s.pp, s.replicas, s.engine, s.rate, s.durationSeconds) = (model, gpu, tp, pp, replicas, engine, rate, durationS)
        (s.promptLength, s.outputLength, s.arrival, s.requests, s.seed, s.traceFile, s.router) = (promptLen, outputLen, arrival, requests, seed, trace, router)
        (s.chunkedPrefill, s.maxBatchedTokens, s.maxSequences, s.blockSize, s.preemption) = (chunkedPrefill, maxBatchedTokens, maxSeqs, blockSize, preemption)
        (s.prefixCaching, s.prefixGroups, s.prefixTokens, s.kvBudgetGiB, s.disaggregate, s.kvLink) = (prefixCaching, prefixGroups, prefixTokens, kvBudgetGiB, disaggregate, kvLink)
        (s.specTokens, s.specAcceptance, s.specDrafter, s.specTreeWidth) = (specTokens, specAcceptance, specDrafter, specTreeWidth)
        (s.adapters, s.loraRank, s.loraSlots, s.adapterSource, s.sloTTFTms, s.sloTPOTms) = (adapters, loraRank, loraSlots, adapterSource, sloTTFTms, sloTPOTms)
        s.traceIterationLimit = chromeTrace == nil ? 0 : 200_000
        let built = try s.build()
        let run = try ServingSimulator(deployment: built.deployment).run(built.requests, file: built.file)
        let metrics = ServingMetrics(run, slo: built.slo)
        var cap: ServeReport.Capacity?
        if capacity, let slo = built.slo {
            var one = built.deployment
            one.replicas = 1
            let search = CapacitySearch(deployment: one, promptLength: built.promptLength, outputLength: built.outputLength,
                                        requestsPerProbe: 500, seed: seed, criterion: CapacitySearch.meets(slo))
            let r = try search.maxRate(slo: slo)
            let needed = try targetRate.map { try search.replicasNeeded(targetRate: $0, perReplica: r.maxRate, slo: slo) }
            cap = ServeReport.Capacity(maxRatePerReplica: r.maxRate, probes: r.probes, targetRate: targetRate, replicasNeeded: needed)
        }
        if let chromeTrace { try CLIOutput.writeAtomically(ChromeTraceExport.render(run), to: chromeTrace) }
        if let writeRequests {
            let set = built.deployment.replica.lora?.adapters ?? .none
            try CLIOutput.writeAtomically(RequestTrace.render(built.requests, adapters: set), to: writeRequests)
        }
        let fields = ServeReport.fields(metrics, engine: built.deployment.replica.profile.name, capacity: cap, kvSeries: kvSeries)
        switch format {
        case .json: print(ServeReport.json(fields), terminator: "")
        case .csv:
            let flat = ServeReport.flat(fields)
            print(try CSVRendering.csv(header: flat.map(\.0), rows: [flat.map(\.1)]), terminator: "")
        case .table:
            print("orrery serve: \(built.deployment.hardware.model.name) on \(built.deployment.replicas) × \(built.deployment.hardware.gpuCount) \(built.deployment.hardware.gpu.name), engine \(built.deployment.replica.profile.name), \(built.requests.count) requests")
            print(TableRendering.table(header: ["metric", "value"], rows: ServeReport.flat(fields).map { [$0.0, $0.1] }), terminator: "")
        }
    }
}
