import OrreryCore

/// One unit of pipeline work on one rank: a micro-batch's forward, backward (input and,
/// unless the schedule splits it off, weight gradients) or deferred weight-gradient pass
/// through one model chunk (virtual stage) of the rank.
public struct PipelineOp: Hashable, Sendable, CustomStringConvertible {
    public enum Kind: String, Sendable { case forward = "F", backward = "B", weightGradient = "W" }
    public var kind: Kind
    public var microBatch: Int
    /// Model chunk on this rank, 0..<vpp (virtual stage = chunk · pp + rank).
    public var chunk: Int
    public init(_ kind: Kind, microBatch: Int, chunk: Int = 0) {
        self.kind = kind
        self.microBatch = microBatch
        self.chunk = chunk
    }
    public var description: String { "\(kind.rawValue)\(microBatch)" + (chunk > 0 ? ".\(chunk)" : "") }
}

/// A pipeline schedule: the order in which each pipeline rank runs its forward and
/// backward passes. Dependencies between ranks (activations forward, gradients backward)
/// are the simulator's; the schedule only fixes each rank's program order.
public protocol PipelineSchedule: Sendable {
    /// Name as the CLI spells it.
    var name: String { get }
    /// Model chunks per rank (1 unless interleaved).
    var chunksPerRank: Int { get }
    /// Whether backward passes leave the weight gradient to a separate `W` op.
    var splitsWeightGradient: Bool { get }
    /// Program order of rank `rank` of `stages`, for `microBatches` micro-batches.
    func order(rank: Int, stages: Int, microBatches: Int) -> [PipelineOp]
    /// Checks that the schedule can run `microBatches` over `stages` ranks.
    /// - Throws: `OrreryError.rule` naming the fix.
    func validate(stages: Int, microBatches: Int) throws
    /// Weight-gradient passes a rank may hold back to fill bubbles (zero-bubble schedules).
    func deferredWeightGradientLimit(rank: Int, stages: Int) -> Int
}

extension PipelineSchedule {
    public var chunksPerRank: Int { 1 }
    public var splitsWeightGradient: Bool { false }
    public func validate(stages: Int, microBatches: Int) throws {
        guard microBatches >= 1 else {
            throw OrreryError.rule(field: "batch", rule: "\(name) needs at least 1 micro-batch per step (global_batch / (dp · micro_batch) = \(microBatches))")
        }
    }
    public func deferredWeightGradientLimit(rank: Int, stages: Int) -> Int { 0 }
}

/// The schedules `--schedule` names.
public enum ScheduleKind: String, Sendable, CaseIterable {
    case gpipe
    case oneFOneB = "1f1b"
    case interleaved
    case zeroBubbleH1 = "zb-h1"

    /// Parses a `--schedule` value.
    /// - Throws: `OrreryError.invalidValue` listing the names.
    public static func parse(_ text: String) throws -> ScheduleKind {
        guard let k = ScheduleKind(rawValue: text.lowercased()) else {
            throw OrreryError.invalidValue(field: "--schedule", value: text, allowed: allCases.map(\.rawValue).joined(separator: ", "))
        }
        return k
    }

    /// The schedule for a layout with `vpp` model chunks per rank.
    public func schedule(vpp: Int) -> any PipelineSchedule {
        switch self {
        case .gpipe: return GPipeSchedule()
        case .oneFOneB: return OneFOneBSchedule()
        case .interleaved: return InterleavedSchedule(chunks: max(vpp, 1))
        case .zeroBubbleH1: return ZeroBubbleH1Schedule()
        }
    }

    /// Megatron's choice for a layout: interleaved when vpp > 1, else 1F1B.
    public static func `default`(vpp: Int) -> ScheduleKind { vpp > 1 ? .interleaved : .oneFOneB }
}
