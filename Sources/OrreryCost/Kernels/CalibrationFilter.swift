import OrreryCore

/// Drops calibration entries that contradict monotonicity — more work never takes less
/// time — before they are fitted. An entry is dropped when another entry that is at least
/// as large in every dimension (and larger in one) ran more than `slack` times faster, or
/// when a forward time exceeds the same shape's forward+backward. Such entries are timing
/// noise (a clock ramp, a busy neighbour): the shipped H100 attention.csv has
/// `4,16,16,512,64` at 0.60 ms forward but 0.25 ms forward+backward, and `2,16,16,2048,64`
/// at 0.25 ms against 0.13 ms for batch 4.
enum CalibrationFilter {
    static let slack = 1 / 0.7

    static func gemm(_ samples: [GEMMSample]) -> [GEMMSample] {
        samples.filter { a in
            !samples.contains { b in
                b != a && b.m >= a.m && b.n >= a.n && b.k >= a.k && b.time * slack < a.time
            }
        }
    }

    /// Entries whose forward time is consistent, and separately those whose
    /// forward+backward time is.
    static func attention(_ samples: [AttentionSample]) -> (forward: [AttentionSample], forwardBackward: [AttentionSample]) {
        func dominates(_ b: AttentionSample, _ a: AttentionSample) -> Bool {
            b != a && b.headDim == a.headDim && b.causal == a.causal && b.heads * a.kvHeads == a.heads * b.kvHeads
                && b.batch >= a.batch && b.heads >= a.heads && b.seq >= a.seq
        }
        let forward = samples.filter { a in
            a.forward <= a.forwardBackward && !samples.contains { b in dominates(b, a) && b.forward * slack < a.forward }
        }
        let forwardBackward = samples.filter { a in
            a.forward <= a.forwardBackward && !samples.contains { b in dominates(b, a) && b.forwardBackward * slack < a.forwardBackward }
        }
        return (forward, forwardBackward)
    }

    /// Entries whose forward time is consistent, and separately those whose
    /// forward+backward time is (elementwise.csv: layernorm 1024×8192 at 0.53 ms
    /// forward+backward against 0.38 ms for 4096×8192).
    static func elementwise(_ samples: [ElementwiseSample]) -> (forward: [ElementwiseSample], forwardBackward: [ElementwiseSample]) {
        func dominates(_ b: ElementwiseSample, _ a: ElementwiseSample) -> Bool {
            b != a && b.op == a.op && b.rows >= a.rows && b.cols >= a.cols
        }
        let forward = samples.filter { a in
            a.forward <= a.forwardBackward && !samples.contains { b in dominates(b, a) && b.forward * slack < a.forward }
        }
        let forwardBackward = samples.filter { a in
            a.forward <= a.forwardBackward && !samples.contains { b in dominates(b, a) && b.forwardBackward * slack < a.forwardBackward }
        }
        return (forward, forwardBackward)
    }
}
