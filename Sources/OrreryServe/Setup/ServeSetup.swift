import Foundation
import OrreryCore

/// Everything `orrery serve` was asked for, as plain values (the CLI fills it from flags);
/// `build` validates it and produces the deployment and the requests.
public struct ServeSetup: Sendable {
    public var model = ""
    public var gpu = ""
    public var tp = 1
    public var pp = 1
    public var replicas = 1
    public var engine = "vllm"
    public var rate: Double?
    public var durationSeconds = 60.0
    public var promptLength = "512"
    public var outputLength = "128"
    public var arrival = "poisson"
    public var requests: Int?
    public var seed: UInt64 = 0
    public var traceFile: String?
    public var router = "least-load"
    public var chunkedPrefill: Bool?
    public var maxBatchedTokens: Int?
    public var maxSequences: Int?
    public var blockSize: Int?
    public var preemption = "recompute"
    public var prefixCaching = false
    public var prefixGroups = 0
    public var prefixTokens = 0
    public var kvBudgetGiB: Double?
    public var disaggregate: String?
    public var kvLink = "nvlink"
    public var specTokens: Int?
    public var specAcceptance = "0.7"
    public var specDrafter = "eagle"
    public var specTreeWidth = 1
    public var adapters: String?
    public var loraRank = 16
    public var loraSlots = 8
    public var adapterSource = "host"
    public var sloTTFTms: Double?
    public var sloTPOTms: Double?
    public var traceIterationLimit = 0

    public init() {}

    public struct Built: Sendable {
        public var deployment: ServeDeployment
        public var requests: [ServeRequest]
        public var slo: ServiceLevelObjective?
        public var promptLength: LengthDistribution
        public var outputLength: LengthDistribution
        public var file: String?
    }

    /// - Throws: `OrreryError` naming the flag (or the trace line) that is wrong.
    public func build() throws -> Built {
        let m = try ModelResolver.resolve(model)
        let g = try HardwareCatalog.gpu(named: gpu)
        let hw = try ReplicaHardware(model: m, gpu: g, tp: tp, pp: pp)
        var profile = try EngineProfile.named(engine)
        if let c = chunkedPrefill { profile.chunkedPrefill = c }
        if let t = maxBatchedTokens {
            guard (1...1_048_576).contains(t) else { throw OrreryError.invalidValue(field: "--max-batched-tokens", value: "\(t)", allowed: "1…1048576") }
            profile.maxBatchedTokens = t
        }
        if let s = maxSequences {
            guard (1...65_536).contains(s) else { throw OrreryError.invalidValue(field: "--max-seqs", value: "\(s)", allowed: "1…65536") }
            profile.maxSequences = s
        }
        if let b = blockSize {
            guard (1...4096).contains(b) else { throw OrreryError.invalidValue(field: "--block-size", value: "\(b)", allowed: "1…4096 tokens") }
            profile.blockSize = b
        }
        guard let mode = PreemptionMode(rawValue: preemption) else {
            throw OrreryError.invalidValue(field: "--preemption", value: preemption, allowed: "recompute, swap")
        }
        var config = ReplicaConfig(profile: profile, preemption: mode, prefixCaching: prefixCaching)
        if let k = kvBudgetGiB {
            guard k > 0, k.isFinite else { throw OrreryError.invalidValue(field: "--kv-budget-gib", value: "\(k)", allowed: "a positive number of GiB") }
            config.kvBudgetOverride = .gib(k)
        }
        if let gamma = specTokens {
            let alphas = try specAcceptance.split(separator: ",").map { part -> Double in
                guard let a = Double(part.trimmingCharacters(in: .whitespaces)), a >= 0, a <= 1 else {
                    throw OrreryError.invalidValue(field: "--spec-acceptance", value: specAcceptance, allowed: "probabilities in [0, 1], comma-separated")
                }
                return a
            }
            let drafter: SpeculativeDecoding.Drafter
            switch specDrafter.lowercased() {
            case "eagle": drafter = .eagleHead
            case "heads", "medusa": drafter = .heads(headCost: .milliseconds(0.3))
            default: drafter = .model(try ModelResolver.resolve(specDrafter))
            }
            config.speculative = try SpeculativeDecoding(drafter: drafter, draftTokens: gamma, acceptance: alphas, treeWidth: specTreeWidth).validated()
        }
        var adapterSet = AdapterSet.none
        if let a = adapters {
            guard (1...1024).contains(loraRank) else { throw OrreryError.invalidValue(field: "--lora-rank", value: "\(loraRank)", allowed: "1…1024") }
            guard (1...100_000).contains(loraSlots) else { throw OrreryError.invalidValue(field: "--lora-slots", value: "\(loraSlots)", allowed: "1…100000") }
            adapterSet = try AdapterSet.parse(a, rank: loraRank)
            let bandwidth: BytesPerSecond
            switch adapterSource {
            // Host memory over the GPU's host link (PCIe, catalog entry).
            case "host": bandwidth = try HardwareCatalog.link(named: g.hostLink).bandwidthPerDirection
            // A PCIe 4.0 NVMe SSD: 7 GB/s sequential read (Samsung 980 PRO datasheet, 7,000 MB/s).
            case "storage": bandwidth = .gbps(7)
            default: throw OrreryError.invalidValue(field: "--adapter-source", value: adapterSource, allowed: "host, storage")
            }
            if !adapterSet.isEmpty { config.lora = AdapterCache.Config(adapters: adapterSet, slots: loraSlots, loadBandwidth: bandwidth) }
        }
        var dis: Disaggregation?
        if let text = disaggregate {
            let link: LinkSpec
            switch kvLink {
            case "nvlink": link = try HardwareCatalog.link(named: g.scaleUpLink ?? g.hostLink)
            default: link = try HardwareCatalog.link(named: kvLink)
            }
            dis = try Disaggregation.parse(text, link: link)
        }
        guard (1...100_000).contains(replicas) else { throw OrreryError.invalidValue(field: "--replicas", value: "\(replicas)", allowed: "1…100000") }
        let deployment = ServeDeployment(hardware: hw, replica: config, replicas: replicas, router: try RouterPolicy.named(router),
                                         disaggregation: dis, seed: seed, traceIterationLimit: traceIterationLimit)
        let prompt = try LengthDistribution.parse(promptLength, field: "--prompt-len")
        let output = try LengthDistribution.parse(outputLength, field: "--output-len")
        var slo: ServiceLevelObjective?
        if sloTTFTms != nil || sloTPOTms != nil {
            let t = sloTTFTms ?? .infinity, p = sloTPOTms ?? .infinity
            guard t > 0, p > 0 else { throw OrreryError.invalidValue(field: "--slo-ttft-ms/--slo-tpot-ms", value: "\(t)/\(p)", allowed: "positive milliseconds") }
            slo = ServiceLevelObjective(ttftMilliseconds: t, tpotMilliseconds: p)
        }
        let reqs: [ServeRequest]
        if let traceFile {
            reqs = try RequestTrace.read(path: traceFile, adapters: adapterSet)
        } else {
            guard durationSeconds > 0, durationSeconds <= 1e7 else {
                throw OrreryError.invalidValue(field: "--duration-s", value: "\(durationSeconds)", allowed: "seconds in (0, 1e7]")
            }
            let process: ArrivalProcess
            if arrival.lowercased() == "offline" {
                process = .offline
            } else {
                guard let rate, rate > 0, rate.isFinite, rate <= 1e6 else {
                    throw OrreryError.invalidValue(field: "--rate", value: rate.map { "\($0)" } ?? "(missing)", allowed: "requests per second in (0, 1e6], or --arrival offline --requests N, or --trace FILE")
                }
                process = try ArrivalProcess.parse(arrival, rate: rate)
                guard rate * durationSeconds <= 50_000_000 else {
                    throw OrreryError.rule(field: "--rate/--duration-s", rule: "\(rate) req/s for \(durationSeconds) s is more than 50,000,000 requests; shorten --duration-s")
                }
            }
            if case .offline = process, requests == nil {
                throw OrreryError.rule(field: "--requests", rule: "--arrival offline needs --requests N (how many requests arrive at t = 0)")
            }
            if let n = requests, !(1...10_000_000).contains(n) {
                throw OrreryError.invalidValue(field: "--requests", value: "\(n)", allowed: "1…10000000")
            }
            guard prefixGroups >= 0, prefixTokens >= 0 else {
                throw OrreryError.invalidValue(field: "--prefix-groups/--prefix-tokens", value: "\(prefixGroups)/\(prefixTokens)", allowed: "0 or more")
            }
            let w = SyntheticWorkload(arrivals: process, promptLength: prompt, outputLength: output, duration: Seconds(durationSeconds),
                                      count: requests, adapterCount: adapterSet.count, prefixGroups: prefixGroups, prefixTokens: prefixTokens)
            reqs = w.generate(seed: seed)
            guard !reqs.isEmpty else {
                throw OrreryError.rule(field: "--rate", rule: "no request arrives within --duration-s \(durationSeconds) at --rate \(rate ?? 0); raise either")
            }
        }
        return Built(deployment: deployment, requests: reqs, slo: slo, promptLength: prompt, outputLength: output, file: traceFile)
    }
}
