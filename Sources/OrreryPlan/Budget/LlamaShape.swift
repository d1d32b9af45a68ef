import Foundation
import OrreryCore

/// A Llama-3-style dense architecture with about `parameters` parameters, for planning a
/// model that does not exist yet (the compute-optimal N* of a scaling law).
///
/// Shape rules read off Llama 3 (Llama Team, arXiv 2407.21783, Table 3: 8B 32×4096,
/// 70B 80×8192, 405B 126×16384): head dimension 128, 8 KV heads, SwiGLU FFN 3.5× the model
/// width, vocabulary 128,256, width/depth ≈ 128 (8B 128, 70B 102, 405B 130). The width is
/// chosen from N ≈ 12.5·L·d² with d = 128·L, rounded to a multiple of 1024 (so that tp up to
/// 8 divides the heads); the depth then matches N exactly to within one layer.
public enum LlamaShape {
    /// Model sizes this shape rule covers, parameters.
    public static let parameterRange: ClosedRange<Double> = 1e7...1e14
    public static let rangeDescription = "10M to 100T parameters"

    public static func architecture(parameters n: Double, name: String? = nil) throws -> ModelArchitecture {
        guard n.isFinite, parameterRange.contains(n) else {
            throw OrreryError.invalidValue(field: "parameters", value: "\(n)", allowed: rangeDescription)
        }
        let vocab = 128_256
        // N ≈ 12.5·L·d² with L = d/128 → d = (128·N/12.5)^(1/3).
        let d = Double(max(1024, Int((pow3(n * 128 / 12.5) / 1024).rounded()) * 1024))
        let hidden = Int(d)
        let ffn = Int((3.5 * d / 256).rounded()) * 256
        let heads = hidden / 128
        func model(_ layers: Int) -> ModelArchitecture {
            ModelArchitecture(name: name ?? "llama-style-\(formatBillions(n))", family: .llama, layers: layers, hidden: hidden,
                              ffnHidden: ffn, heads: heads, kvHeads: 8, vocab: vocab, tiedEmbeddings: false)
        }
        let perLayer = Double(model(2).parameterCount - model(1).parameterCount)
        let fixed = Double(model(1).parameterCount) - perLayer
        let layers = max(1, Int(((n - fixed) / perLayer).rounded()))
        return model(layers)
    }

    static func pow3(_ x: Double) -> Double { Foundation.pow(x, 1.0 / 3.0) }

    static func formatBillions(_ n: Double) -> String {
        n >= 1e9 ? "\(Int((n / 1e9).rounded()))b" : "\(Int((n / 1e6).rounded()))m"
    }
}
