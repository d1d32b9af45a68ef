import Testing
@testable import OrrerySim

struct OrrerySimSmokeTests {
    @Test func targetLinks() { #expect(Bool(true)) }
}
