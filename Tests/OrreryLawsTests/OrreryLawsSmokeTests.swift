import Testing
@testable import OrreryLaws

struct OrreryLawsSmokeTests {
    @Test func targetLinks() { #expect(Bool(true)) }
}
