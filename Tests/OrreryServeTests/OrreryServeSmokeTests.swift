import Testing
@testable import OrreryServe

struct OrreryServeSmokeTests {
    @Test func targetLinks() { #expect(Bool(true)) }
}
