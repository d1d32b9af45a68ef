import Testing
@testable import OrreryCore

/// A GPU's headline numbers as its vendor publishes them (dense peaks in TFLOP/s).
struct DatasheetGPU: Sendable, CustomTestStringConvertible {
    var name: String
    var bf16: Double?
    var fp16: Double
    var fp8: Double?
    var hbmVendorGB: Double
    var hbmGBps: Double
    var tdpWatts: Double
    var sms: Int
    var source: String
    var testDescription: String { "\(name) (\(source))" }
}

/// The hardware catalog against vendor datasheets, and its look-up rules.
struct HardwareCatalogTests {
    static let datasheets: [DatasheetGPU] = [
        DatasheetGPU(name: "h100-sxm", bf16: 989.4, fp16: 989.4, fp8: 1978.9, hbmVendorGB: 80, hbmGBps: 3350, tdpWatts: 700, sms: 132,
                     source: "NVIDIA H100 datasheet SXM5, half the sparse figures; whitepaper Table 3"),
        DatasheetGPU(name: "h100-pcie", bf16: 756.5, fp16: 756.5, fp8: 1513, hbmVendorGB: 80, hbmGBps: 2000, tdpWatts: 350, sms: 114,
                     source: "NVIDIA H100 datasheet PCIe, half the sparse figures; whitepaper Table 3"),
        DatasheetGPU(name: "h200", bf16: 989.4, fp16: 989.4, fp8: 1978.9, hbmVendorGB: 141, hbmGBps: 4800, tdpWatts: 700, sms: 132,
                     source: "NVIDIA H200 datasheet SXM, half the sparse figures"),
        DatasheetGPU(name: "b200", bf16: 2250, fp16: 2250, fp8: 4500, hbmVendorGB: 180, hbmGBps: 7700, tdpWatts: 1000, sms: 148,
                     source: "NVIDIA HGX B200 datasheet per GPU (36 PF bf16 sparse / 8 / 2); DGX B200 1,440 GB / 8"),
        DatasheetGPU(name: "a100-sxm-40gb", bf16: 312, fp16: 312, fp8: nil, hbmVendorGB: 40, hbmGBps: 1555, tdpWatts: 400, sms: 108,
                     source: "NVIDIA A100 datasheet 40GB SXM; whitepaper Table 1"),
        DatasheetGPU(name: "a100-sxm-80gb", bf16: 312, fp16: 312, fp8: nil, hbmVendorGB: 80, hbmGBps: 2039, tdpWatts: 400, sms: 108,
                     source: "NVIDIA A100 datasheet 80GB SXM; whitepaper Table 1"),
        DatasheetGPU(name: "a100-pcie", bf16: 312, fp16: 312, fp8: nil, hbmVendorGB: 80, hbmGBps: 1935, tdpWatts: 300, sms: 108,
                     source: "NVIDIA A100 datasheet 80GB PCIe"),
        DatasheetGPU(name: "a100-pcie-40gb", bf16: 312, fp16: 312, fp8: nil, hbmVendorGB: 40, hbmGBps: 1555, tdpWatts: 250, sms: 108,
                     source: "NVIDIA A100 datasheet 40GB PCIe"),
        DatasheetGPU(name: "l40s", bf16: 362.05, fp16: 362.05, fp8: 733, hbmVendorGB: 48, hbmGBps: 864, tdpWatts: 350, sms: 142,
                     source: "NVIDIA L40S datasheet"),
        DatasheetGPU(name: "a10", bf16: 125, fp16: 125, fp8: nil, hbmVendorGB: 24, hbmGBps: 600, tdpWatts: 150, sms: 72,
                     source: "NVIDIA A10 datasheet"),
        DatasheetGPU(name: "v100", bf16: nil, fp16: 125, fp8: nil, hbmVendorGB: 32, hbmGBps: 900, tdpWatts: 300, sms: 80,
                     source: "NVIDIA V100 datasheet SXM2 32GB; Tesla V100 whitepaper Table 1"),
        DatasheetGPU(name: "mi300x", bf16: 1307.4, fp16: 1307.4, fp8: 2614.9, hbmVendorGB: 192, hbmGBps: 5300, tdpWatts: 750, sms: 304,
                     source: "AMD Instinct MI300X data sheet"),
    ]

    @Test("GPU entry matches its datasheet", arguments: datasheets)
    func gpuMatchesDatasheet(_ sheet: DatasheetGPU) throws {
        let gpu = try HardwareCatalog.gpu(named: sheet.name)
        let tol = 1e-9
        #expect(gpu.densePeak[.fp16]?.isApproximatelyEqual(to: .tera(sheet.fp16), relativeTolerance: tol) == true)
        if let bf16 = sheet.bf16 {
            #expect(gpu.densePeak[.bf16]?.isApproximatelyEqual(to: .tera(bf16), relativeTolerance: tol) == true)
        } else {
            #expect(gpu.densePeak[.bf16] == nil)
        }
        if let fp8 = sheet.fp8 {
            #expect(gpu.densePeak[.fp8]?.isApproximatelyEqual(to: .tera(fp8), relativeTolerance: tol) == true)
        } else {
            #expect(gpu.densePeak[.fp8] == nil)
        }
        // Vendor "GB" of GPU memory are GiB (see GPUCatalogEntries: driver-reported totals).
        #expect(gpu.hbmBytes.isApproximatelyEqual(to: .gib(sheet.hbmVendorGB), relativeTolerance: tol))
        #expect(gpu.hbmBandwidth.isApproximatelyEqual(to: .gbps(sheet.hbmGBps), relativeTolerance: tol))
        #expect(gpu.tdpWatts == sheet.tdpWatts)
        #expect(gpu.smCount == sheet.sms)
        #expect(!gpu.source.isEmpty)
    }

    /// Driver-reported totals must not exceed the catalog capacity by more than rounding,
    /// and must exceed the decimal reading of the vendor figure (which is why GiB is used):
    /// H200 nvidia-smi 143,771 MiB; MI300X rocm-smi 205,822,885,888 B; A100 80GB 81,920 MiB.
    @Test("Catalog HBM capacity agrees with driver-reported totals",
          arguments: [("h200", 143_771.0 * 1_048_576, 141.0), ("mi300x", 205_822_885_888.0, 192.0), ("a100-sxm-80gb", 81_920.0 * 1_048_576, 80.0)])
    func hbmAgreesWithDriver(_ name: String, reportedBytes: Double, vendorGB: Double) throws {
        let gpu = try HardwareCatalog.gpu(named: name)
        #expect(reportedBytes > Bytes.gb(vendorGB).value)
        #expect(abs(gpu.hbmBytes.value - reportedBytes) / reportedBytes < 0.01)
    }

    @Test("V100 has no bf16: peak(.bf16) falls back to fp16 (125 TF), peak(.tf32) to fp32 (15.7 TF)")
    func v100Fallback() throws {
        let v100 = try HardwareCatalog.gpu(named: "v100")
        #expect(v100.peak(.bf16).isApproximatelyEqual(to: .tera(125), relativeTolerance: 1e-9))
        #expect(v100.peak(.tf32).isApproximatelyEqual(to: .tera(15.7), relativeTolerance: 1e-9))
        #expect(v100.peak(.fp8).isApproximatelyEqual(to: .tera(125), relativeTolerance: 1e-9))
        let a100 = try HardwareCatalog.gpu(named: "a100")
        #expect(a100.peak(.fp8).isApproximatelyEqual(to: .tera(312), relativeTolerance: 1e-9))
    }

    /// The exact `gpu` spellings of ../shared/validation/*.csv that name one catalog part.
    @Test("Validation CSV GPU spellings resolve",
          arguments: [("H100-SXM5-80GB", "h100-sxm"), ("H100-SXM-80GB", "h100-sxm"), ("H100-SXM", "h100-sxm"),
                      ("H100-80GB", "h100-sxm"), ("A100-SXM4-40GB", "a100-sxm-40gb"), ("A100-SXM4-80GB", "a100-sxm-80gb"),
                      ("A100-SXM-80GB", "a100-sxm-80gb"), ("A100-SXM", "a100-sxm-80gb"), ("A100-PCIe", "a100-pcie"),
                      ("A100-PCIe-40GB", "a100-pcie-40gb"), ("H200-SXM-141GB", "h200"), ("H200-SXM", "h200"),
                      ("B200-SXM", "b200"), ("NVIDIA H100 80GB HBM3", "h100-sxm"), ("mi300x", "mi300x")])
    func validationSpellings(_ spelling: String, expected: String) throws {
        #expect(try HardwareCatalog.gpu(named: spelling).name == expected)
    }

    @Test("No name or alias belongs to two GPUs or two links")
    func aliasesAreUnique() {
        let gpuKeys = HardwareCatalog.gpus.flatMap { [$0.name] + $0.aliases }.map(HardwareCatalog.normalize)
        #expect(Set(gpuKeys).count == gpuKeys.count)
        let linkKeys = HardwareCatalog.links.flatMap { [$0.name] + $0.aliases }.map(HardwareCatalog.normalize)
        #expect(Set(linkKeys).count == linkKeys.count)
    }

    @Test("Every GPU's host and scale-up links are catalog links, and generic() builds a node for it",
          arguments: HardwareCatalog.gpus.map(\.name))
    func gpuLinksResolve(_ name: String) throws {
        let gpu = try HardwareCatalog.gpu(named: name)
        _ = try HardwareCatalog.link(named: gpu.hostLink)
        if let scaleUp = gpu.scaleUpLink {
            let link = try HardwareCatalog.link(named: scaleUp)
            #expect(link.bandwidthPerDirection.isApproximatelyEqual(to: gpu.scaleUpBandwidthPerDirection, relativeTolerance: 1e-9))
        } else {
            #expect(gpu.scaleUpBandwidthPerDirection == .zero)
        }
        let cluster = try ClusterCatalog.generic(gpu: gpu, numGPUs: 16)
        #expect(cluster.totalGPUs == 16)
        #expect(cluster.hasSwitch == (gpu.scaleUpLink != nil && gpu.scaleUpSwitched))
    }

    /// Per-direction rates: line rate / 8 for NICs; PCIe x16 after 128b/130b encoding.
    @Test("Link bandwidths per direction",
          arguments: [("nvlink2", 150.0), ("nvlink3", 300), ("nvlink4", 450), ("nvlink5", 900), ("infinity-fabric", 448),
                      ("pcie3", 15.75), ("pcie4", 31.5), ("pcie5", 63), ("ib-hdr", 25), ("ib-ndr", 50), ("ib-xdr", 100),
                      ("roce-100g", 12.5), ("roce-200g", 25), ("roce-400g", 50)])
    func linkBandwidth(_ name: String, gbps: Double) throws {
        let link = try HardwareCatalog.link(named: name)
        #expect(link.bandwidthPerDirection.isApproximatelyEqual(to: .gbps(gbps), relativeTolerance: 1e-9))
        #expect(!link.source.isEmpty)
    }

    @Test("RoCE links are kind .roce, InfiniBand .infiniband; validation CSV link spellings resolve")
    func linkKindsAndSpellings() throws {
        for name in ["roce-100g", "roce-200g", "roce-400g"] { #expect(try HardwareCatalog.link(named: name).kind == .roce) }
        for name in ["ib-hdr", "ib-ndr", "ib-xdr"] { #expect(try HardwareCatalog.link(named: name).kind == .infiniband) }
        #expect(try HardwareCatalog.link(named: "InfiniBand HDR").name == "ib-hdr")
        #expect(try HardwareCatalog.link(named: "NVLink3/NVSwitch").name == "nvlink3")
        #expect(try HardwareCatalog.link(named: "NVLink4/NVSwitch").name == "nvlink4")
    }

    /// name, GPU, per-GPU scale-up GB/s per direction, switch, in-network reduction, NIC GB/s.
    @Test("Cluster presets match their datasheets",
          arguments: [("dgx-a100", "a100-sxm-80gb", 300.0, true, false, 25.0),
                      ("dgx-h100", "h100-sxm", 450, true, true, 50),
                      ("hgx-h200", "h200", 450, true, true, 50),
                      ("dgx-b200", "b200", 900, true, true, 50),
                      ("mi300x-8", "mi300x", 448, false, false, 50)])
    func clusterPreset(_ name: String, gpu: String, scaleUp: Double, hasSwitch: Bool, sharp: Bool, nic: Double) throws {
        let cluster = try ClusterCatalog.cluster(named: name)
        #expect(cluster.gpu.name == gpu)
        #expect(cluster.gpusPerNode == 8 && cluster.nicsPerNode == 8 && cluster.nodes == 1)
        #expect(cluster.intraNodeBandwidthPerGPU.isApproximatelyEqual(to: .gbps(scaleUp), relativeTolerance: 1e-9))
        #expect(cluster.hasSwitch == hasSwitch)
        #expect(cluster.hasInNetworkReduction == sharp)
        let nicLink = try #require(cluster.interNode)
        #expect(nicLink.bandwidthPerDirection.isApproximatelyEqual(to: .gbps(nic), relativeTolerance: 1e-9))
        let scaled = try ClusterCatalog.cluster(named: name.uppercased(), nodes: 4)
        #expect(scaled.totalGPUs == 32)
    }

    @Test("Unknown names throw unknownName with suggestions")
    func unknownNames() {
        #expect(throws: OrreryError.self) { try HardwareCatalog.gpu(named: "h10") }
        #expect(throws: OrreryError.self) { try HardwareCatalog.link(named: "pcie9") }
        #expect(throws: OrreryError.self) { try ClusterCatalog.cluster(named: "dgx-z100") }
    }

    @Test("custom() keeps working with catalog NIC links")
    func customCluster() throws {
        let gpu = try HardwareCatalog.gpu(named: "a100-sxm-40gb")
        let cluster = try ClusterCatalog.custom(gpu: gpu, nodes: 2, gpusPerNode: 8, nicsPerNode: 8, nicGbps: 200, nicLink: "ib-hdr")
        #expect(cluster.interNode?.bandwidthPerDirection.isApproximatelyEqual(to: .gbps(25), relativeTolerance: 1e-9) == true)
        #expect(cluster.interNodeBandwidthPerNode.isApproximatelyEqual(to: .gbps(200), relativeTolerance: 1e-9))
    }
}
