import OrreryCore

/// Builds priced operators (forward and backward kernels, saved bytes) from shapes, using
/// one GPU's kernel model and the host-overhead model.
public struct OpBuilder: Sendable {
    public let kernels: any KernelTimeModel
    public let host: HostOverheadModel
    public let regime: ActivationRegime
    public let gemmDType: ComputeDType

    /// Whether forward ops record autograd graph nodes (training) or run under no_grad.
    public let recordsAutograd: Bool

    public init(kernels: any KernelTimeModel, host: HostOverheadModel, regime: ActivationRegime, gemmDType: ComputeDType = .bf16,
                recordsAutograd: Bool = true) {
        self.kernels = kernels
        self.host = host
        self.regime = regime
        self.gemmDType = gemmDType
        self.recordsAutograd = recordsAutograd
    }

    func fwd(_ name: String, _ kind: OpKind, part: KernelPart = .forward, flops: Double = 0, bytes: Double = 0, _ t: Seconds) -> KernelCall {
        KernelCall(name: name, part: part, kind: kind, flops: FLOPs(flops), bytes: Bytes(bytes), gpuTime: t,
                   hostTime: host.forwardDispatch(kind) + (recordsAutograd ? host.autogradRecording : .zero))
    }

    func bwd(_ name: String, _ kind: OpKind, part: KernelPart = .backward, flops: Double = 0, bytes: Double = 0, _ t: Seconds) -> KernelCall {
        KernelCall(name: name, part: part, kind: kind, flops: FLOPs(flops), bytes: Bytes(bytes), gpuTime: t,
                   hostTime: host.backwardDispatch(kind))
    }

    /// A bandwidth-bound kernel moving `bytes`.
    func memory(_ name: String, _ part: KernelPart = .forward, kind: OpKind = .elementwise, bytes: Double, backward: Bool = false) -> KernelCall {
        let t = kernels.memoryKernel(bytes: bytes)
        return backward ? bwd(name, kind, part: part == .forward ? .backward : part, bytes: bytes, t) : fwd(name, kind, part: part, bytes: bytes, t)
    }

    func gemmCall(_ name: String, _ part: KernelPart, m: Int, n: Int, k: Int, backward: Bool) -> KernelCall {
        let t = kernels.gemm(m: m, n: n, k: k, dtype: gemmDType)
        let flops = 2 * Double(m) * Double(n) * Double(k)
        let bytes = 2 * (Double(m) * Double(k) + Double(k) * Double(n) + Double(m) * Double(n))
        return backward ? bwd(name, .gemm, part: part, flops: flops, bytes: bytes, t) : fwd(name, .gemm, part: part, flops: flops, bytes: bytes, t)
    }

    /// `nn.Linear(in, out)` on `tokens` rows. Backward: input gradient, weight gradient, bias
    /// gradient (a column reduction). Under autocast the fp32 weight is cast to bf16 in
    /// forward and its bf16 gradient cast back to fp32 in backward.
    /// - Parameter savedInput: bytes of the input this op keeps for backward (0 when another
    ///   op already keeps the same tensor).
    public func linear(_ name: String, tokens: Int, inFeatures: Int, outFeatures: Int, bias: Bool,
                       savedInput: Double, inputGradient: Bool = true) -> Op {
        var forward: [KernelCall] = []
        var backward: [KernelCall] = []
        let weights = Double(inFeatures) * Double(outFeatures)
        if regime == .autocast { forward.append(memory(name, .weightCast, bytes: 6 * weights)) }
        forward.append(gemmCall(name, .forward, m: tokens, n: outFeatures, k: inFeatures, backward: false))
        if inputGradient {
            backward.append(gemmCall(name, .dgrad, m: tokens, n: inFeatures, k: outFeatures, backward: true))
        }
        var wgrad = gemmCall(name, .wgrad, m: outFeatures, n: inFeatures, k: tokens, backward: true)
        wgrad.hostTime += host.parameterGradientNode
        backward.append(wgrad)
        if bias {
            var biasGrad = memory(name, .biasGrad, bytes: 2 * Double(tokens) * Double(outFeatures), backward: true)
            biasGrad.hostTime += host.parameterGradientNode
            backward.append(biasGrad)
        }
        if regime == .autocast { backward.append(memory(name, .gradCast, bytes: 6 * weights, backward: true)) }
        return Op(name: name, kind: .gemm, forward: forward, backward: backward, savedBytes: Bytes(savedInput))
    }

    /// LayerNorm or RMSNorm over `tokens × width` (fp32 under autocast). Saves its input and
    /// per-row statistics (LayerNorm: mean and rstd; RMSNorm: rstd; fp32 each).
    public func norm(_ name: String, _ kind: ElementwiseKind, tokens: Int, width: Int, savesInput: Bool = true,
                     training: Bool = true) -> Op {
        let widthFactor = regime == .autocast ? 2 : 1 // fp32 rows are twice the bytes
        let t = kernels.elementwiseForward(kind, rows: tokens, cols: width * widthFactor)
        let bytes = Double(tokens * width) * kind.forwardBytesPerElement * Double(widthFactor)
        var forward = [fwd(name, .norm, bytes: bytes, t)]
        var normBackward = bwd(name, .norm, part: .backward, bytes: bytes * 2.5,
                               kernels.elementwiseBackward(kind, rows: tokens, cols: width * widthFactor))
        normBackward.hostTime += host.parameterGradientNode * (kind == .layerNorm ? 2 : 1)  // weight (and bias)
        var backward = [normBackward]
        if regime == .autocast {
            // The fp32 output is cast to bf16 for the next GEMM; its gradient cast back.
            forward.append(memory(name, .cast, bytes: 6 * Double(tokens * width)))
            backward.append(memory(name, .castGrad, bytes: 6 * Double(tokens * width), backward: true))
        }
        let statistics = Double(tokens) * (kind == .layerNorm ? 8 : 4)
        let input = savesInput ? Double(tokens * width) * (regime == .autocast ? 4 : 2) : 0
        return Op(name: name, kind: .norm, forward: forward, backward: training ? backward : [],
                  savedBytes: Bytes(training ? input + statistics : 0))
    }

    /// A residual add; its backward is free, but the branch point's two gradients are summed.
    public func residualAdd(_ name: String, tokens: Int, width: Int) -> Op {
        let elementBytes = regime == .autocast ? 4.0 : 2.0
        let bytes = Double(tokens * width) * (regime == .autocast ? 10 : 6)
        let t = regime == .autocast ? kernels.memoryKernel(bytes: bytes) : kernels.elementwiseForward(.add, rows: tokens, cols: width)
        let sum = kernels.memoryKernel(bytes: 3 * elementBytes * Double(tokens * width))
        return Op(name: name, kind: .elementwise, forward: [fwd(name, .elementwise, bytes: bytes, t)],
                  backward: [bwd(name, .elementwise, part: .gradSum, bytes: 3 * elementBytes * Double(tokens * width), sum)])
    }

    /// An activation function table-priced by kind over `tokens × width` (bf16).
    public func activation(_ name: String, _ kind: ElementwiseKind, tokens: Int, width: Int, saved: Double) -> Op {
        let bytes = Double(tokens * width) * kind.forwardBytesPerElement
        let f = kernels.elementwiseForward(kind, rows: tokens, cols: width)
        let b = kernels.elementwiseBackward(kind, rows: tokens, cols: width)
        let forwardKernels = kind == .siluMul
            ? [fwd(name, .elementwise, part: .silu, bytes: bytes * 0.4, f * 0.4), fwd(name, .elementwise, part: .mul, bytes: bytes * 0.6, f * 0.6)]
            : [fwd(name, .elementwise, bytes: bytes, f)]
        let backwardKernels = kind == .siluMul
            ? [bwd(name, .elementwise, part: .mulBackward, b * 0.5), bwd(name, .elementwise, part: .siluBackward, b * 0.5)]
            : [bwd(name, .elementwise, part: .backward, b)]
        return Op(name: name, kind: .elementwise, forward: forwardKernels, backward: backwardKernels, savedBytes: Bytes(saved))
    }

    /// Scaled dot-product attention (flash path) on (batch, heads, seq, head_dim) views.
    /// Saves q, k, v (`savedInputs` bytes, 0 when another op holds them), its output and the
    /// fp32 log-sum-exp.
    public func attention(_ name: String, _ shape: AttentionShape, savedInputs: Double) -> Op {
        let f = kernels.attentionForward(shape)
        let b = kernels.attentionBackward(shape)
        let output = 2 * Double(shape.batch * shape.heads * shape.queryLen * shape.headDim)
        let lse = 4 * Double(shape.batch * shape.heads * shape.queryLen)
        var op = Op(name: name, kind: .attention,
                    forward: [fwd(name, .attention, flops: shape.forwardFLOPs.value, bytes: shape.ioBytes.value, f)],
                    backward: [bwd(name, .attention, part: .backward, flops: shape.backwardFLOPs.value, bytes: shape.ioBytes.value * 2.5, b)],
                    savedBytes: Bytes(savedInputs + output + lse))
        op.selectiveRecomputeBytes = Bytes(output + lse)
        return op
    }

    /// A bandwidth-bound op with `forwardKernels` kernels moving `forwardBytes` and the
    /// mirror image in backward.
    public func memoryOp(_ name: String, forwardBytes: Double, forwardKernels: Int = 1,
                         backwardBytes: Double? = nil, backwardKernels: Int? = nil, saved: Double = 0) -> Op {
        let fk = max(forwardKernels, 1), bk = max(backwardKernels ?? forwardKernels, 0)
        let bb = backwardBytes ?? forwardBytes
        let forward = (0..<fk).map { _ in memory(name, bytes: forwardBytes / Double(fk)) }
        let backward = (0..<bk).map { _ in memory(name, .backward, bytes: bb / Double(bk), backward: true) }
        return Op(name: name, kind: .elementwise, forward: forward, backward: backward, savedBytes: Bytes(saved))
    }
}
