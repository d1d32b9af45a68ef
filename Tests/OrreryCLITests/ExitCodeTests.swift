import Testing

/// The CLI turns bad input into a message on stderr and exit code 2.
struct ExitCodeTests {
    @Test func unknownSubcommandExitsTwo() throws {
        let r = try CLIRunner.run(["no-such-command"])
        #expect(r.exitCode == 2)
        #expect(r.stderr.contains("error"))
    }

    @Test func helpExitsZero() throws {
        let r = try CLIRunner.run(["--help"])
        #expect(r.exitCode == 0)
        #expect(r.stdout.contains("USAGE"))
    }
}
