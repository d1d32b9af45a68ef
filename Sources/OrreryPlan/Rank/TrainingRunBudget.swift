import OrreryCore

/// Wall-clock days, GPU-hours and money to train on a number of tokens at a plan's speed.
///
/// days = T / (tokens/s per GPU × GPUs) / 86,400; GPU-hours = seconds / 3,600 × GPUs;
/// cost = GPU-hours × $/GPU-hour. No restarts, evaluation or checkpoint time counted.
public struct TrainingRunBudget: Hashable, Sendable {
    /// Tokens to train on.
    public var tokens: Double
    public var gpus: Int
    public var seconds: Seconds
    public var gpuHours: Double
    /// US dollars, when a price was given.
    public var costUSD: Double?

    public var days: Double { seconds.value / 86_400 }

    public init(tokens: Double, tokensPerSecondPerGPU: Double, gpus: Int, usdPerGPUHour: Double?) {
        self.tokens = tokens
        self.gpus = gpus
        let rate = tokensPerSecondPerGPU * Double(gpus)
        seconds = Seconds(rate > 0 ? tokens / rate : .infinity)
        gpuHours = seconds.value / 3600 * Double(gpus)
        costUSD = usdPerGPUHour.map { $0 * gpuHours }
    }

    /// Checks user-given amounts.
    /// - Throws: `OrreryError.invalidValue` naming `train_tokens` or `usd_per_gpu_hour`.
    public static func validate(tokens: Double?, usdPerGPUHour: Double?) throws {
        if let tokens, !(tokens > 0 && tokens.isFinite) {
            throw OrreryError.invalidValue(field: "train_tokens", value: "\(tokens)", allowed: "a positive number of tokens (e.g. 1e12)")
        }
        if let usdPerGPUHour, !(usdPerGPUHour >= 0 && usdPerGPUHour.isFinite) {
            throw OrreryError.invalidValue(field: "usd_per_gpu_hour", value: "\(usdPerGPUHour)", allowed: "a non-negative price")
        }
    }
}
