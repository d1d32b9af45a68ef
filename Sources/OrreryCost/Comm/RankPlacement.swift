import OrreryCore

/// Which global ranks form each parallel group, given the layout and the order in which
/// Megatron-Core's `RankGenerator` folds the axes (`order="tp-cp-ep-dp-pp"`: tp varies
/// fastest, so a tp group is `tp` consecutive ranks and a dp group strides by tp·cp), and
/// therefore how many nodes each group spans.
///
/// Expert parallelism folds inside data parallelism (Megatron-Core's expert grid: ep ranks
/// are consecutive dp ranks, stride tp·cp).
public struct RankPlacement: Hashable, Sendable {
    public enum Axis: String, CaseIterable, Sendable { case tp, cp, ep, dp, pp }

    public var layout: ParallelLayout
    public var gpusPerNode: Int
    /// Axes from fastest- to slowest-varying.
    public var order: [Axis]

    /// Megatron-Core's default order.
    public static let megatronOrder: [Axis] = [.tp, .cp, .dp, .pp]

    public init(layout: ParallelLayout, gpusPerNode: Int, order: [Axis] = RankPlacement.megatronOrder) {
        self.layout = layout
        self.gpusPerNode = max(1, gpusPerNode)
        self.order = order.filter { $0 != .ep }
    }

    func size(_ a: Axis) -> Int {
        switch a {
        case .tp: return layout.tp
        case .cp: return layout.cp
        case .ep: return layout.ep
        case .dp: return layout.dp
        case .pp: return layout.pp
        }
    }

    /// Distance between consecutive members of an `axis` group.
    public func stride(_ axis: Axis) -> Int {
        if axis == .ep { return stride(.dp) }
        var s = 1
        for a in order {
            if a == axis { return s }
            s *= size(a)
        }
        return s
    }

    /// The global ranks of the `axis` group that contains `rank`.
    public func group(_ axis: Axis, containing rank: Int = 0) -> [Int] {
        let n = axis == .ep ? layout.ep : size(axis)
        let st = stride(axis)
        let span = axis == .ep ? st * layout.dp : st * n
        let base = rank - (rank % span) + (rank % st) + (axis == .ep ? ((rank % span) / st / n) * n * st : 0)
        return (0..<n).map { base + $0 * st }
    }

    /// The communicator of the group containing rank 0, for the collective model.
    public func commGroup(_ axis: Axis) -> CommGroup {
        let members = group(axis)
        let nodes = Set(members.map { $0 / gpusPerNode }).count
        return CommGroup(ranks: members.count, nodes: nodes)
    }
}
