import Testing
import OrreryCore
@testable import OrreryPlan

struct StageSplitTests {
    /// Llama 3 405B: 126 layers (Dubey et al. 2024 Table 3) over 16 stages (Table 4). Hand
    /// computed: ⌈126/16⌉ = 8 layers on the 14 middle stages leaves 14 for the first and last;
    /// the last also carries the logits (h ≈ 1.2 layers), so last 6 + 1.2 < 8 = first.
    @Test func llama3_405B_overSixteenStages() {
        let s = StageSplit.balanced(layers: 126, stages: 16, headLayerEquivalents: 1.2)!
        #expect(s.middle == 8)
        #expect(s.first == 8 && s.last == 6)
        #expect(s.layersPerStage.reduce(0, +) == 126)
        #expect(s.layersPerStage.count == 16)
    }

    /// An even division stays even (80 layers / 8 stages = 10 each, hand computed).
    @Test func evenDivisionStaysEven() {
        let s = StageSplit.balanced(layers: 80, stages: 8, headLayerEquivalents: 1.1)!
        #expect(s.isEven && s.middle == 10)
    }

    /// Law: every split sums to the layers and no stage exceeds ⌈L/pp⌉ (so the estimator's
    /// memory stays an upper bound).
    @Test(arguments: [(24, 5), (32, 3), (126, 32), (126, 64), (61, 4), (7, 7)])
    func splitInvariants(layers: Int, stages: Int) {
        guard let s = StageSplit.balanced(layers: layers, stages: stages, headLayerEquivalents: 1.0) else {
            // Only when the ends cannot take at least one layer each.
            #expect(layers - (stages - 2) * ((layers + stages - 1) / stages) < 2)
            return
        }
        #expect(s.layersPerStage.reduce(0, +) == layers)
        #expect(s.layersPerStage.allSatisfy { $0 >= 1 && $0 <= (layers + stages - 1) / stages })
    }

    /// The logits' weight for Llama-3-70B at 8K tokens, hand computed from Megatron-LM's FLOP
    /// formula (per token, forward): logits 2·8192·128256 = 2.1013e9; one layer:
    /// projections 2·8192·(2·8192 + 2·1024) = 3.0199e8, causal scores 2·8192·8192 = 1.3422e8,
    /// SwiGLU 2·3·8192·28672 = 1.4093e9, total 1.8455e9; ratio 1.1386.
    @Test func headCostLlama3_70B() throws {
        let m = try ModelResolver.resolve("llama-3-70b")
        #expect(abs(HeadCost.layerEquivalents(m, seqLen: 8192) - 1.1386) < 1e-3)
    }
}
