import Testing
import Foundation
import OrreryCore
@testable import OrreryServe

struct RequestTraceTests {
    static let adapters = AdapterSet.numbered(3, rank: 8)

    func parse(_ text: String) throws -> [ServeRequest] {
        try RequestTrace.parse(data: Data(text.utf8), file: "t.csv", adapters: Self.adapters)
    }

    @Test("A trace parses, sorts by arrival, maps adapter ids and prefix groups")
    func good() throws {
        let r = try parse("arrival_s,prompt_tokens,output_tokens,adapter,prefix_id,prefix_tokens\n0.5,100,10,2,sys,32\n0.1,50,5,,,\n")
        #expect(r.count == 2)
        #expect(r[0].promptTokens == 50 && r[0].sourceLine == 3 && r[0].adapter == nil)
        #expect(r[1].adapter == 2 && r[1].prefixGroup == 0 && r[1].prefixTokens == 32)
        #expect(r.map(\.id) == [0, 1])
    }

    @Test("Bad rows are errors naming the file and line", arguments: [
        ("arrival_s,prompt_tokens,output_tokens\n0,10,5\n1,-4,5\n", 3, "negative"),
        ("arrival_s,prompt_tokens,output_tokens\n0,,5\n", 2, "missing"),
        ("arrival_s,prompt_tokens,output_tokens\n0,10,abc\n", 2, "not an integer"),
        ("arrival_s,prompt_tokens,output_tokens,adapter\n0,10,5,1\n0,10,5,zzz\n", 3, "adapter 'zzz' is not defined"),
        ("arrival_s,prompt_tokens,output_tokens\n-1,10,5\n", 2, "arrival_s"),
    ])
    func bad(text: String, line: Int, message: String) {
        do {
            _ = try parse(text)
            Issue.record("expected an error")
        } catch let OrreryError.parse(file, l, _, m) {
            #expect(file == "t.csv" && l == line, "\(m)")
            #expect(m.contains(message), "\(m)")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test("A missing required column or an unknown column is named")
    func columns() {
        #expect(throws: OrreryError.parse(file: "t.csv", line: 1, column: nil,
                                          message: "missing column 'output_tokens' (header must name arrival_s, prompt_tokens, output_tokens; optional: adapter, prefix_id, prefix_tokens)")) {
            try parse("arrival_s,prompt_tokens\n0,1\n")
        }
        #expect(throws: OrreryError.self) { try parse("arrival_s,prompt_tokens,output_tokens,colour\n0,1,1,red\n") }
    }

    @Test("A request larger than one replica's KV cache is an error naming its line (512 MiB / 128 KiB per token = 4096 tokens)")
    func kvTooSmall() throws {
        let reqs = try parse("arrival_s,prompt_tokens,output_tokens\n0,100,10\n0.1,9000,100\n")
        var config = ReplicaConfig(profile: .vllm)
        config.kvBudgetOverride = .mib(512)
        let d = ServeDeployment(hardware: Fixture.hardware, replica: config)
        do {
            _ = try ServingSimulator(deployment: d).run(reqs, file: "t.csv")
            Issue.record("expected an error")
        } catch let OrreryError.rule(field, rule) {
            #expect(field == "t.csv:3")
            #expect(rule.contains("9100 tokens") && rule.contains("4096"), "\(rule)")
        }
    }

    @Test("Rendered requests parse back to the same requests")
    func roundTrip() throws {
        let w = SyntheticWorkload(arrivals: .poisson(rate: 4), promptLength: .uniform(low: 10, high: 90), outputLength: .fixed(7),
                                  duration: Seconds(5), adapterCount: 3, prefixGroups: 2, prefixTokens: 5)
        let reqs = w.generate(seed: 3)
        let back = try parse(RequestTrace.render(reqs, adapters: Self.adapters))
        #expect(back.map(\.promptTokens) == reqs.map(\.promptTokens))
        #expect(back.map(\.adapter) == reqs.map(\.adapter))
        #expect(zip(back, reqs).allSatisfy { abs($0.arrival.nanoseconds - $1.arrival.nanoseconds) <= 1000 })
    }
}
