import OrreryCore

/// Operators outside the transformer layers: token (and learned position) embedding, the
/// final norm, the output projection (logits) and the cross-entropy loss.
public enum ModelGraph {
    /// Embedding lookup (and GPT's position add). Backward: the dense embedding gradient
    /// (zero fill of vocab × hidden plus an index-add of the token rows).
    public static func embedding(_ model: ModelArchitecture, tokens: Int, tp: Int, training: Bool, builder b: OpBuilder) -> [Op] {
        let h = Double(model.hidden), t = Double(tokens)
        let residual = b.regime == .autocast ? 4.0 : 2.0
        let weightBytes = b.regime == .autocast ? 4.0 : 2.0
        let vocabRows = Double(model.vocab) / Double(max(tp, 1))
        var lookup = b.memoryOp("embedding.wte", forwardBytes: 2 * t * h * residual, forwardKernels: 1,
                                backwardBytes: vocabRows * h * weightBytes + 3 * t * h * residual, backwardKernels: 2)
        if !training { lookup.backward = [] }
        var ops = [lookup]
        if model.maxPositions > 0 {
            var positions = b.memoryOp("embedding.wpe", forwardBytes: 5 * t * h * residual, forwardKernels: 2,
                                       backwardBytes: 2 * t * h * residual, backwardKernels: 1)
            if !training { positions.backward = [] }
            ops.append(positions)
        }
        return ops
    }

    /// Final norm over `normTokens`, logits for `logitTokens` rows, and (training) the fp32
    /// cross-entropy. Tied embeddings add the two embedding-gradient contributions.
    public static func head(_ model: ModelArchitecture, normTokens: Int, logitTokens: Int, tp: Int, training: Bool,
                            builder b: OpBuilder) -> [Op] {
        let vocab = max(1, model.vocab / max(tp, 1))
        var ops: [Op] = []
        ops.append(b.norm(model.family == .gpt ? "ln_f" : "norm", model.family == .gpt ? .layerNorm : .rmsNorm,
                          tokens: normTokens, width: model.hidden, training: training))
        if logitTokens < normTokens {
            ops.append(b.memoryOp("last_token_select", forwardBytes: 4 * Double(logitTokens * model.hidden),
                                  backwardBytes: 0, backwardKernels: 0))
        }
        ops.append(b.linear("lm_head", tokens: logitTokens, inFeatures: model.hidden, outFeatures: vocab, bias: false,
                            savedInput: training ? 2 * Double(logitTokens * model.hidden) : 0))
        guard training else { return ops }
        let t = logitTokens
        let loss = Op(name: "cross_entropy", kind: .loss,
                      forward: [b.fwd("cross_entropy", .loss, bytes: 14 * Double(t * vocab),
                                      b.kernels.elementwiseForward(.crossEntropy, rows: t, cols: vocab))],
                      backward: [b.bwd("cross_entropy", .loss, bytes: 18 * Double(t * vocab),
                                       b.kernels.elementwiseBackward(.crossEntropy, rows: t, cols: vocab))],
                      savedBytes: Bytes(4 * Double(t * vocab)))
        ops.append(loss)
        if model.tiedEmbeddings {
            let gradBytes = b.regime == .autocast ? 4.0 : 2.0
            var tie = b.memoryOp("tied_embedding_grad_sum", forwardBytes: 0,
                                 backwardBytes: 3 * gradBytes * Double(vocab * model.hidden), backwardKernels: 1)
            tie.forward = []
            ops.append(tie)
        }
        return ops
    }
}
