import Foundation
import OrreryCore

/// Speculative decoding: a drafter proposes γ tokens per sequence, the target model scores
/// them (plus one) in one verify step, and the accepted prefix plus one bonus/corrected
/// token is emitted (Leviathan, Kalman & Matias, ICML 2023; Chen et al. 2023).
///
/// With per-position acceptance probabilities a₁…a_γ (position i accepted only if 1…i−1
/// were), the tokens emitted per verify step are 1 + Σₖ Πᵢ≤ₖ aᵢ; with a constant α that is
/// (1 − α^(γ+1)) / (1 − α) (Leviathan et al., eq. 1). A tree draft with `width` candidates
/// per position accepts a position if any candidate matches: 1 − (1 − aᵢ)^width under
/// independent candidates (the SpecInfer/Medusa/EAGLE tree idea in its simplest form), and
/// the target scores all 1 + width·γ tree nodes.
public struct SpeculativeDecoding: Hashable, Sendable {
    /// How drafts are made.
    public enum Drafter: Hashable, Sendable {
        /// A separate small model, run γ times autoregressively on the same GPUs.
        case model(ModelArchitecture)
        /// EAGLE-style head: one transformer layer of the target's width plus its LM head
        /// (Li et al., EAGLE, ICML 2024: "a single transformer decoder layer").
        case eagleHead
        /// Extra decoding heads on the target's last hidden state (Medusa, Clover): no
        /// separate draft passes; cost `headCost` per draft step.
        case heads(headCost: Seconds)
    }

    public var drafter: Drafter
    /// Draft tokens per step, γ ≥ 1.
    public var draftTokens: Int
    /// Acceptance probability of each draft position (count γ); a single value is used for
    /// every position.
    public var acceptance: [Double]
    /// Candidates per draft position (1 = chain draft).
    public var treeWidth: Int
    /// Framework time per draft step (kernel launches of the drafter; assumed 0.25 ms with
    /// CUDA graphs, vLLM V1 runs the EAGLE head outside the target's graph).
    public var draftStepOverhead: Seconds

    public init(drafter: Drafter, draftTokens: Int, acceptance: [Double], treeWidth: Int = 1,
                draftStepOverhead: Seconds = .milliseconds(0.25)) {
        self.drafter = drafter
        self.draftTokens = draftTokens
        self.acceptance = acceptance
        self.treeWidth = treeWidth
        self.draftStepOverhead = draftStepOverhead
    }

    /// Acceptance probability of draft position `i` (0-based), tree width applied.
    @inline(__always)
    public func positionAcceptance(_ i: Int) -> Double {
        let a = acceptance.isEmpty ? 0 : acceptance[min(i, acceptance.count - 1)]
        return treeWidth == 1 ? a : 1 - pow(1 - a, Double(treeWidth))
    }

    /// Expected tokens emitted per verify step: 1 + Σₖ Πᵢ≤ₖ aᵢ.
    public var expectedTokensPerStep: Double {
        var total = 1.0, p = 1.0
        for i in 0..<draftTokens {
            p *= positionAcceptance(i)
            total += p
        }
        return total
    }

    /// Closed form for a constant α: (1 − α^(γ+1)) / (1 − α) (Leviathan et al. 2023, eq. 1).
    public static func expectedTokens(alpha: Double, gamma: Int) -> Double {
        alpha == 1 ? Double(gamma + 1) : (1 - pow(alpha, Double(gamma + 1))) / (1 - alpha)
    }

    /// Tokens the target scores per sequence per verify step.
    public var verifyTokens: Int { 1 + treeWidth * draftTokens }

    /// Samples the tokens one verify step emits (1…γ+1).
    @inline(__always)
    public func sampleEmitted(_ rng: inout SplitMix64) -> Int {
        var k = 0
        while k < draftTokens && rng.unit() < positionAcceptance(k) { k += 1 }
        return k + 1
    }

    /// The draft model's architecture for an EAGLE head on `target`: one layer of the
    /// target's shape with its vocabulary.
    public static func eagleHeadModel(for target: ModelArchitecture) -> ModelArchitecture {
        var m = target
        m.name = target.name + "-eagle-head"
        m.layers = 1
        m.moe = nil
        return m
    }

    /// - Throws: `OrreryError.invalidValue` for γ outside 1…16, acceptances outside [0, 1]
    ///   or a count other than 1 or γ, tree width outside 1…16.
    public func validated() throws -> SpeculativeDecoding {
        guard (1...16).contains(draftTokens) else {
            throw OrreryError.invalidValue(field: "--spec-tokens", value: "\(draftTokens)", allowed: "an integer 1…16")
        }
        guard acceptance.count == 1 || acceptance.count == draftTokens, acceptance.allSatisfy({ $0 >= 0 && $0 <= 1 }) else {
            throw OrreryError.invalidValue(field: "--spec-acceptance", value: acceptance.map { "\($0)" }.joined(separator: ","),
                                           allowed: "one probability in [0, 1], or one per draft position (\(draftTokens))")
        }
        guard (1...16).contains(treeWidth) else {
            throw OrreryError.invalidValue(field: "--spec-tree-width", value: "\(treeWidth)", allowed: "an integer 1…16")
        }
        return self
    }
}
