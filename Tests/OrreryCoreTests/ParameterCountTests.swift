import Testing
@testable import OrreryCore

/// Exact parameter counts against published totals.
struct ParameterCountTests {
    @Test("Llama-3-8B has 8,030,261,248 parameters (Meta model card / HF safetensors index total)")
    func llama3_8B() throws {
        #expect(try ModelCatalog.model(named: "llama-3-8b").parameterCount == 8_030_261_248)
    }
}
