import Foundation
import Testing
@testable import OrreryCore

/// The batch-estimate CSV reader (DESIGN.md, batch-estimate contract).
struct BatchCSVTests {
    static func table(_ text: String) throws -> BatchScenarioTable {
        try BatchScenarioTable.parse(data: Data(text.utf8), file: "in.csv")
    }

    static func error(_ row: BatchScenarioRow) -> String? {
        if case let .failure(e) = row.scenario { return e.description }
        return nil
    }

    @Test func catalogRowsWithDefaults() throws {
        let t = try Self.table("name,model,tp,pp,dp\nbase,llama-3-8b,2,2,2\n")
        #expect(t.header == ["name", "model", "tp", "pp", "dp"])
        #expect(t.rows.count == 1 && t.rows[0].values == ["base", "llama-3-8b", "2", "2", "2"])
        let s = try t.rows[0].scenario.get()
        #expect(s.name == "base" && s.cluster.totalGPUs == 8 && s.cluster.gpu.name == "h100-sxm")
        #expect(s.layout.globalBatch == 2 && s.layout.microBatch == 1 && s.seqLen == 2048)
        #expect(s.precision == .bf16Mixed && s.workload.scope == .step)
    }

    @Test func columnsInAnyOrderAndCaseEchoedAsWritten() throws {
        let t = try Self.table("TP, Model ,seq_len\n1,llama-3-8b,4096\n")
        #expect(t.header == ["TP", " Model ", "seq_len"])
        #expect(try t.rows[0].scenario.get().seqLen == 4096)
    }

    @Test func scopeSetsThePrecisionDefault() throws {
        let t = try Self.table("model,scope,prompt_len,context_len,q,micro_batch\nllama-3-8b,layer,,,,\nllama-3-8b,prefill,512,,,4\nllama-3-8b,decode,,1000,4,16\n")
        let layer = try t.rows[0].scenario.get(), prefill = try t.rows[1].scenario.get(), decode = try t.rows[2].scenario.get()
        #expect(layer.precision == .bf16 && layer.workload.scope == .layer)
        #expect(prefill.workload.promptLen == "512" && prefill.layout.microBatch == 4)
        #expect(decode.workload.contextLen == 1000 && decode.workload.tokensPerDecode == 4)
    }

    @Test("profiler output is its own input: measured_* and notes columns are echoed, not read")
    func measuredColumnsPassThrough() throws {
        let t = try Self.table("name,model,scope,measured_fwd_ms,notes\nx,llama-3-8b,layer,3.1,from profiler\n")
        #expect(t.header == ["name", "model", "scope", "measured_fwd_ms", "notes"])
        #expect(t.rows[0].values[3] == "3.1")
        #expect(try t.rows[0].scenario.get().workload.scope == .layer)
    }

    @Test func inlineArchitecture() throws {
        let t = try Self.table("arch,layers,hidden,ffn_hidden,heads,kv_heads,vocab,tied_embeddings,seq_len\nllama,32,4096,14336,32,8,128256,0,8192\ngpt,12,768,,12,,50257,1,1024\n")
        // Llama-3-8B shape: 8,030,261,248 parameters (meta-llama/Meta-Llama-3-8B).
        #expect(try t.rows[0].scenario.get().model.parameterCount == 8_030_261_248)
        // GPT-2 small shape with a 1024-position table: 124,439,808 (openai-community/gpt2).
        #expect(try t.rows[1].scenario.get().model.parameterCount == 124_439_808)
    }

    @Test func badRowsCarryTheirErrorOthersStillParse() throws {
        let t = try Self.table("""
            model,tp,zero,precision,num_gpus,global_batch
            llama-3-8b,2,,,,
            llama-3-8b,3,,,3,
            llama-3-8b,x,,,,
            llama-3-8b,1,5,,,
            llama-3-8b,1,,fp16,,
            llama-3-8,1,,,,
            llama-3-8b,8,,,64,12
            llama-3-8b,1,,,,

            """)
        #expect(t.rows.count == 8)
        #expect(Self.error(t.rows[0]) == nil && Self.error(t.rows[7]) == nil)
        #expect(Self.error(t.rows[1]) == "row 2, column tp: tp = 3 does not divide heads = 32")
        #expect(Self.error(t.rows[2]) == "row 3, column tp = x is not allowed: an integer")
        #expect(Self.error(t.rows[3])?.hasPrefix("row 4, column zero = 5 is not allowed: 0, 1, 2 or 3") == true)
        #expect(Self.error(t.rows[4]) == "row 5, column precision = fp16 is not allowed: one of bf16, amp-bf16, bf16-mixed or fp8")
        #expect(Self.error(t.rows[5])?.hasPrefix("row 6, column model: unknown model 'llama-3-8'; did you mean 'llama-3-8b'") == true)
        #expect(Self.error(t.rows[6]) == "row 7, column global_batch: batch.global = 12 is not a multiple of dp·micro_batch = 8·1 = 8")
    }

    @Test func worldSizeErrorNamesNumGPUs() throws {
        let t = try Self.table("model,tp,pp,dp,num_gpus\nllama-3-8b,8,4,3,64\n")
        #expect(Self.error(t.rows[0]) == "row 1, column num_gpus: tp·pp·dp·cp = 8·4·3·1 = 96 but the cluster has 64 GPUs")
    }

    @Test func modelAndInlineTogetherIsARowError() throws {
        let t = try Self.table("model,layers\nllama-3-8b,4\n")
        #expect(Self.error(t.rows[0])?.hasPrefix("row 1, column model: give either model or the inline") == true)
    }

    @Test func raggedRowIsARowErrorAndIsPadded() throws {
        let t = try Self.table("model,tp,pp\nllama-3-8b,2\nllama-3-8b,1,1\n")
        #expect(Self.error(t.rows[0]) == "row 1: 2 fields but the header has 3 columns (line 2)")
        #expect(t.rows[0].values == ["llama-3-8b", "2", ""])
        #expect(Self.error(t.rows[1]) == nil)
    }

    @Test func quotedFieldsAndCRLF() throws {
        let t = try Self.table("name,model\r\n\"a, \"\"quoted\"\" name\",llama-3-8b\r\n")
        #expect(t.rows[0].values == ["a, \"quoted\" name", "llama-3-8b"])
        #expect(try t.rows[0].scenario.get().name == "a, \"quoted\" name")
    }

    @Test func unknownColumnIsAFileError() {
        do {
            _ = try Self.table("model,tpp\nllama-3-8b,2\n")
            Issue.record("expected an error")
        } catch let OrreryError.parse(file, line, _, message) {
            #expect(file == "in.csv" && line == 1)
            #expect(message.hasPrefix("unknown column 'tpp'; did you mean 'tp'? (allowed columns: name, model,"))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func malformedCSVIsAFileError() {
        #expect(throws: OrreryError.parse(file: "in.csv", line: 2, column: 12,
                                          message: "unterminated quoted field (the quote opened here is never closed)")) {
            try Self.table("model,name\nllama-3-8b,\"open\nllama-3-8b,x\n")
        }
        #expect(throws: OrreryError.parse(file: "in.csv", line: 2, column: 15,
                                          message: "unexpected text after a closing quote (a quote inside a quoted field is written \"\")")) {
            try Self.table("model,name\nllama-3-8b,\"a\"b\n")
        }
        #expect(throws: OrreryError.self) { try Self.table("") }
        #expect(throws: OrreryError.self) { try Self.table("model,model\nllama-3-8b,llama-3-8b\n") }
        #expect(throws: OrreryError.self) { try BatchScenarioTable.parse(data: Data([0x6D, 0x0A, 0xFF, 0xFE]), file: "bin.csv") }
    }

    @Test func missingFileIsAnIOError() {
        #expect(throws: OrreryError.io(path: "/nonexistent/in.csv", message: "no such file")) {
            try BatchScenarioTable.read(path: "/nonexistent/in.csv")
        }
    }

    /// DESIGN.md: the batch interface must be fast. 10,000 rows parse in well under 0.3 s in
    /// a release build; debug builds are allowed 10× that.
    @Test func tenThousandRowsParseQuickly() throws {
        var text = "name,model,seq_len,gpu,num_gpus,tp,pp,dp,zero,recompute,global_batch,micro_batch,precision,scope\n"
        let models = ["llama-3-8b", "gpt3-175b"]
        for i in 0..<10_000 {
            let tp = [1, 2, 4, 8][i % 4]
            text += "r\(i),\(models[i % 2]),2048,h100-sxm,\(8 * tp),\(tp),1,8,\(i % 4),selective,\(8 * (1 + i % 4)),1,bf16-mixed,step\n"
        }
        let data = Data(text.utf8)
        let clock = ContinuousClock()
        var table: BatchScenarioTable?
        let elapsed = try clock.measure { table = try BatchScenarioTable.parse(data: data, file: "big.csv") }
        #expect(table?.rows.count == 10_000)
        #expect(table?.rows.allSatisfy { (try? $0.scenario.get()) != nil } == true)
        #if DEBUG
        let limit = Duration.seconds(3)
        #else
        let limit = Duration.milliseconds(300)
        #endif
        #expect(elapsed < limit, "10,000 rows took \(elapsed)")
        print("BatchCSVTests: 10,000 rows parsed in \(elapsed)")
    }
}
