import Testing
@testable import OrreryPlan

struct OrreryPlanSmokeTests {
    @Test func targetLinks() { #expect(Bool(true)) }
}
