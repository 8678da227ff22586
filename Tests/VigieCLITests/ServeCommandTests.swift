import Foundation
import Testing
import VigieTestSupport

@Suite struct ServeCommandTests {
    static let config = """
        version: 1
        storage:
          path: vigie.db
        brands:
          - name: Cerise
            terms: [Cerise]
        sources:
          - url: https://presse.example/feed
        """

    @Test func aNonLoopbackAddressWithoutATokenIsRefusedWithWhatToSet() throws {
        let folder = try TemporaryFolder()
        let config = try folder.write("vigie.yaml", Self.config)
        let result = try VigieBinary.run(["serve", "--config", config.path, "--no-watch", "--listen", "0.0.0.0:0"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("token_env"))
        #expect(result.stderr.contains("password_env"))
        #expect(!FileManager.default.fileExists(atPath: folder.path("vigie.db")))
    }

    @Test func aConfiguredTokenMustBeSetInTheEnvironment() throws {
        let folder = try TemporaryFolder()
        let config = try folder.write("vigie.yaml", Self.config + "\nserve:\n  token_env: VIGIE_TEST_TOKEN\n")
        let result = try VigieBinary.run(["serve", "--config", config.path, "--no-watch", "--listen", "0.0.0.0:0"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("VIGIE_TEST_TOKEN"))
    }

    @Test func aBadServeSectionIsReportedWithItsLine() throws {
        let folder = try TemporaryFolder()
        let config = try folder.write("vigie.yaml", Self.config + "\nserve:\n  listen: everywhere\n  colour: blue\n")
        let result = try VigieBinary.run(["config", "check", "--config", config.path])
        #expect(result.status != 0)
        #expect(result.stderr.contains("serve.listen") || result.stdout.contains("serve.listen"))
        #expect(result.stderr.contains("colour") || result.stdout.contains("colour"))
    }

    @Test func helpTeachesTheSecuritySettings() throws {
        let result = try VigieBinary.run(["serve", "--help"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("token_env"))
        #expect(result.stdout.contains("--no-watch"))
        #expect(result.stdout.contains("/api/v1"))
    }
}
