import Testing
import VigieTestSupport

@Suite struct HelpTests {
    @Test func helpListsTheSubcommands() throws {
        let result = try VigieBinary.run(["--help"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("parse"))
    }

    @Test func unknownSubcommandIsAUsageError() throws {
        let result = try VigieBinary.run(["frobnicate"])
        #expect(result.status != 0)
        #expect(!result.stderr.isEmpty)
    }
}
