import Foundation
import Testing

/// End-to-end: `orrery catalog` run as a built binary. Numbers checked against vendor
/// datasheets and published parameter totals, named next to each.
struct CatalogCommandTests {
    /// Runs `orrery catalog ARGS --format json` and returns the array of entries.
    func jsonEntries(_ kind: String) throws -> [[String: Any]] {
        let r = try CLIRunner.run(["catalog", kind, "--format", "json"])
        #expect(r.exitCode == 0, "\(r.stderr)")
        let parsed = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8))
        return try #require(parsed as? [[String: Any]])
    }

    func entry(_ entries: [[String: Any]], _ name: String) throws -> [String: Any] {
        try #require(entries.first { $0["name"] as? String == name }, "no entry \(name)")
    }

    func number(_ object: [String: Any], _ key: String) -> Double? { (object[key] as? NSNumber)?.doubleValue }

    @Test("gpus --format json: H100 SXM 989.4 bf16 TF dense, 3,350 GB/s (NVIDIA H100 datasheet); V100 has no bf16")
    func gpusJSON() throws {
        let gpus = try jsonEntries("gpus")
        let h100 = try entry(gpus, "h100-sxm")
        #expect(number(h100, "bf16_tflops") == 989.4)
        #expect(number(h100, "hbm_gbs") == 3350)
        #expect(number(h100, "tdp_w") == 700)
        #expect((h100["aliases"] as? [String])?.contains("h100-sxm5-80gb") == true)
        #expect((h100["source"] as? String)?.contains("datasheet") == true)
        let mi300x = try entry(gpus, "mi300x")  // AMD MI300X data sheet: 1,307.4 TF bf16, 5.3 TB/s, 304 CUs
        #expect(number(mi300x, "bf16_tflops") == 1307.4)
        #expect(number(mi300x, "hbm_gbs") == 5300)
        #expect(number(mi300x, "sm_count") == 304)
        let v100 = try entry(gpus, "v100")
        #expect(v100["bf16_tflops"] is NSNull)
        #expect(number(v100, "fp16_tflops") == 125)
        for name in ["h100-pcie", "h200", "b200", "a100-sxm-40gb", "a100-sxm-80gb", "a100-pcie", "l40s", "a10"] {
            _ = try entry(gpus, name)
        }
    }

    @Test("links --format json: PCIe 4.0 x16 31.5 GB/s per direction (PCIe 4.0 spec, 128b/130b), NDR 50 GB/s")
    func linksJSON() throws {
        let links = try jsonEntries("links")
        #expect(number(try entry(links, "pcie4"), "bandwidth_gbs") == 31.5)
        #expect(number(try entry(links, "ib-ndr"), "bandwidth_gbs") == 50)
        #expect(try entry(links, "roce-400g")["kind"] as? String == "roce")
        for name in ["nvlink3", "nvlink4", "nvlink5", "pcie5", "ib-hdr", "ib-xdr", "roce-100g", "roce-200g", "infinity-fabric"] {
            _ = try entry(links, name)
        }
    }

    @Test("clusters --format json: DGX A100 has 8 HDR NICs at 25 GB/s (DGX A100 datasheet), no NVLink SHARP")
    func clustersJSON() throws {
        let clusters = try jsonEntries("clusters")
        let dgxA100 = try entry(clusters, "dgx-a100")
        #expect(number(dgxA100, "nics_per_node") == 8)
        #expect(number(dgxA100, "nic_gbs") == 25)
        #expect(dgxA100["in_network_reduction"] as? Bool == false)
        for name in ["dgx-h100", "hgx-h200", "dgx-b200"] { _ = try entry(clusters, name) }
    }

    @Test("models --format csv: Llama-3-8B 8,030,261,248 (HF safetensors); Mixtral-8x7B 46,702,792,704 total (HF)")
    func modelsCSV() throws {
        let r = try CLIRunner.run(["catalog", "models", "--format", "csv"])
        #expect(r.exitCode == 0)
        let lines = r.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "name,family,layers,hidden,ffn_hidden,heads,kv_heads,head_dim,vocab,tied_embeddings,experts,top_k,params,active_params,source")
        let llama = try #require(lines.first { $0.hasPrefix("llama-3-8b,") })
        #expect(llama.hasPrefix("llama-3-8b,llama,32,4096,14336,32,8,128,128256,0,,,8030261248,8030261248,"))
        // Active: published total less 32 layers × 6 skipped experts × 3·4096·14336 weights.
        let mixtral = try #require(lines.first { $0.hasPrefix("mixtral-8x7b,") })
        #expect(mixtral.contains(",8,2,46702792704,\(46_702_792_704 - 32 * 6 * 3 * 4096 * 14336),"))
    }

    @Test("The readable table lists every entry with a source column", arguments: ["gpus", "links", "clusters", "models"])
    func tables(_ kind: String) throws {
        let table = try CLIRunner.run(["catalog", kind])
        #expect(table.exitCode == 0)
        #expect(table.stdout.contains("source"))
        let csv = try CLIRunner.run(["catalog", kind, "--format", "csv"])
        let names = csv.stdout.split(separator: "\n").dropFirst().map { String($0.prefix { $0 != "," }) }
        #expect(!names.isEmpty)
        for name in names { #expect(table.stdout.contains("\n\(name) "), "\(kind) table lacks \(name)") }
        #expect(try jsonEntries(kind).count == names.count)
    }

    @Test("Output is deterministic: two runs give the same bytes")
    func deterministic() throws {
        for args in [["catalog"], ["catalog", "--format", "json"], ["catalog", "models", "--format", "csv"]] {
            #expect(try CLIRunner.run(args).stdout == CLIRunner.run(args).stdout)
        }
    }

    @Test("No kind with --format json gives an object keyed by kind")
    func allKindsJSON() throws {
        let r = try CLIRunner.run(["catalog", "--format", "json"])
        #expect(r.exitCode == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(Set(object.keys) == ["gpus", "links", "clusters", "models"])
    }

    @Test("An unknown kind exits 2 naming the allowed values")
    func unknownKind() throws {
        let r = try CLIRunner.run(["catalog", "tpus"])
        #expect(r.exitCode == 2)
        for allowed in ["gpus", "links", "clusters", "models"] { #expect(r.stderr.contains(allowed)) }
    }

    @Test("--format csv without a kind exits 2 with the fix")
    func csvNeedsKind() throws {
        let r = try CLIRunner.run(["catalog", "--format", "csv"])
        #expect(r.exitCode == 2)
        #expect(r.stderr.contains("gpus"))
        #expect(r.stdout.isEmpty)
    }
}
