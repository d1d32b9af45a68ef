import Testing
import OrreryCore
@testable import OrreryCost

/// The first-order ring model against published nccl-tests bus bandwidths (1–8 GiB
/// messages, `shared/validation/nccl_public.csv`). Its three efficiencies were read off
/// these rows, so this checks that one constant per regime holds across the rows and node
/// counts, not an independent validation (that is the collective-model issue's).
struct RingCollectiveModelTests {
    static func busbw(_ op: CollectiveOp, cluster: ClusterSpec, ranks: Int, nodes: Int, bytes: Double = 4_294_967_296) -> Double {
        let t = RingCollectiveModel().time(op, bytes: Bytes(bytes), group: CommGroup(ranks: ranks, nodes: nodes), cluster: cluster)
        return bytes / t.value * op.busBandwidthFactor(ranks: ranks) / 1e9
    }

    @Test("8×H100 NVSwitch: all-gather 356, reduce-scatter 356, all-reduce (NVLS) 480 GB/s (xxrjun/nccl-tests-cluster, 4 GiB)")
    func h100Node() throws {
        let node = try ClusterCatalog.cluster(named: "dgx-h100")
        #expect(abs(Self.busbw(.allGather, cluster: node, ranks: 8, nodes: 1) / 355.8 - 1) < 0.05)
        #expect(abs(Self.busbw(.reduceScatter, cluster: node, ranks: 8, nodes: 1) / 355.8 - 1) < 0.05)
        #expect(abs(Self.busbw(.allReduce, cluster: node, ranks: 8, nodes: 1) / 479.7 - 1) < 0.05)
    }

    @Test("8×A100 NVSwitch all-reduce 230 GB/s (Azure ND A100 v4 80GB single VM, 4 GiB)")
    func a100Node() throws {
        let node = try ClusterCatalog.cluster(named: "dgx-a100")
        #expect(abs(Self.busbw(.allReduce, cluster: node, ranks: 8, nodes: 1) / 230.5 - 1) < 0.05)
    }

    @Test("A100 over 8×200 Gb/s HDR per node: all-reduce 123–128 GB/s from 2 to 16 nodes (Azure ND A100 v4 cluster)",
          arguments: [(2, 127.1), (4, 123.7), (8, 127.3), (16, 122.1)])
    func a100Cluster(nodes: Int, measured: Double) throws {
        let cluster = try ClusterCatalog.cluster(named: "dgx-a100", nodes: nodes)
        #expect(abs(Self.busbw(.allReduce, cluster: cluster, ranks: 8 * nodes, nodes: nodes) / measured - 1) < 0.05)
    }

    @Test("One rank per node gets one NIC, eight ranks per node all eight (NCCL: one ring channel per NIC)")
    func nicShare() throws {
        let cluster = try ClusterCatalog.cluster(named: "dgx-h100", nodes: 4)
        let full = Self.busbw(.reduceScatter, cluster: cluster, ranks: 32, nodes: 4)
        let sparse = Self.busbw(.reduceScatter, cluster: cluster, ranks: 4, nodes: 4)
        #expect(abs(full / sparse - 8) < 0.5)
    }
}
