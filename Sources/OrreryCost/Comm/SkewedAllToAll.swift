import OrreryCore

extension NCCLCollectiveModel {
    /// All-to-all with per-destination sizes (MoE token dispatch under imbalanced routing):
    /// `sendBytes[i][j]` is what rank i sends to rank j; ranks fill nodes in order,
    /// `group.ranksPerNode` per node. The time is set by the busiest GPU link (sent or
    /// received over NVLink inside a node) and the busiest node NIC set (sent or received
    /// across nodes), which run concurrently, plus the uniform call's latency.
    /// - Returns: nil when the matrix is not `group.ranks` × `group.ranks`.
    public func allToAllV(sendBytes: [[Double]], group: CommGroup, cluster: ClusterSpec) -> Seconds? {
        let n = group.ranks
        guard n > 0, sendBytes.count == n, sendBytes.allSatisfy({ $0.count == n }) else { return nil }
        guard n > 1 else { return .zero }
        let place = CommunicatorPlacement(group: group, cluster: cluster)
        let ppn = place.ranksPerNode
        let intra = place.intraBandwidth.value * efficiency.intra(place.intraHardware)
        let net = place.groupNICBandwidthPerNode.value * efficiency.scaleOut(portBandwidth: place.nicPortBandwidth)
        var gpuOut = [Double](repeating: 0, count: n), gpuIn = gpuOut
        var nodeOut = [Double](repeating: 0, count: place.nodes), nodeIn = nodeOut
        for i in 0..<n {
            for j in 0..<n where i != j {
                let b = max(0, sendBytes[i][j])
                if i / ppn == j / ppn {
                    gpuOut[i] += b
                    gpuIn[j] += b
                } else {
                    nodeOut[min(i / ppn, place.nodes - 1)] += b
                    nodeIn[min(j / ppn, place.nodes - 1)] += b
                }
            }
        }
        let viaNVLink = max(gpuOut.max() ?? 0, gpuIn.max() ?? 0) / intra
        let viaNIC = net > 0 ? max(nodeOut.max() ?? 0, nodeIn.max() ?? 0) / net : 0
        let mean = sendBytes.map { $0.reduce(0, +) }.reduce(0, +) / Double(n)
        let uniform = timing(.allToAll, bytes: Bytes(max(mean, 1)), group: group, cluster: cluster)
        let uniformTransfer = transferSeconds(.allToAll, max(mean, 1), Candidate(algorithm: .direct, protocol: .simple), place)
        return Seconds(uniform.time.value - uniformTransfer + max(viaNVLink, viaNIC))
    }
}
