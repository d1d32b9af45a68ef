import OrreryCore

/// The launch configuration formats `orrery plan --export` writes.
public enum PlanExportFormat: String, CaseIterable, Sendable {
    case megatron, deepspeed, torchtitan

    /// Conventional file name for the format.
    public var defaultFileName: String {
        switch self {
        case .megatron: return "megatron_args.sh"
        case .deepspeed: return "ds_config.json"
        case .torchtitan: return "torchtitan.toml"
        }
    }

    /// The export of `plan` for `request`.
    public func render(_ plan: PlannedLayout, request: PlanRequest) -> PlanExportOutput {
        switch self {
        case .megatron: return MegatronExport.render(plan, request: request)
        case .deepspeed: return DeepSpeedExport.render(plan, request: request)
        case .torchtitan: return TorchtitanExport.render(plan, request: request)
        }
    }
}

/// An export's text, and what the target framework cannot express (said once, on stderr).
public struct PlanExportOutput: Hashable, Sendable {
    public var text: String
    public var warnings: [String]
}
