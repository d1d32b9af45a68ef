import Testing
@testable import OrreryCost

struct OrreryCostSmokeTests {
    @Test func targetLinks() { #expect(Bool(true)) }
}
