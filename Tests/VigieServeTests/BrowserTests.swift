import Foundation
import Testing
import VigieStore
import VigieTestSupport

/// The dashboard in a real browser: the built `vigie serve` on a free loopback port, over a store written
/// here, driven by headless Chromium through Selenium (`Browser/dashboard_walk.py`).
///
/// Needs Debian's `chromium`, `chromium-driver` and `python3-selenium` (`.ci/run` installs them); without
/// them the test is skipped and says how to run it.
@Suite(.dedicatedThread) struct BrowserTests {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Browser/dashboard_walk.py")

    /// Whether Chromium, its driver and Selenium are installed.
    static var browserAvailable: Bool {
        let files = ["/usr/bin/chromium", "/usr/bin/chromedriver", "/usr/bin/python3"]
        guard files.allSatisfy({ FileManager.default.isExecutableFile(atPath: $0) }) else { return false }
        let result = try? ProcessRunner.run(URL(fileURLWithPath: "/usr/bin/python3"), ["-c", "import selenium"])
        return result?.status == 0
    }

    @Test(
        .enabled(
            if: browserAvailable,
            """
            browser tests skipped: install Chromium, its driver and Selenium \
            (sudo apt-get install -y chromium chromium-driver python3-selenium, as .ci/run does)
            """),
        .timeLimit(.minutes(5)))
    func aCommunityManagerWalksTheDashboard() async throws {
        let folder = try TemporaryFolder()
        let database = try ServeFixture.database(path: folder.path("vigie.db"), now: Date())
        try database.close()
        let config = try folder.write(
            "vigie.yaml",
            """
            version: 1
            storage:
              path: vigie.db
            brands:
              - name: Cerise
                terms: [Cerise]
              - name: Nordane
                terms: [Nordane]
              - name: Skylark Air
                terms: [Skylark Air]
            sources:
              - url: \(ServeFixture.presse)
                name: Presse
              - url: \(ServeFixture.blog)
                name: Blog
            """)
        let server = try ServeProcess(arguments: [
            "serve", "--config", config.path, "--no-watch", "--listen", "127.0.0.1:0",
        ])
        defer { server.stop() }
        let base = try #require(
            await server.waitForAddress(), "vigie serve did not say where it listens: \(server.errorText)")
        var arguments = [Self.script.path, base]
        if let shots = ProcessInfo.processInfo.environment["VIGIE_SCREENSHOTS"] { arguments.append(shots) }
        let walk = try ProcessRunner.run(
            URL(fileURLWithPath: "/usr/bin/python3"), arguments,
            environment: ["HOME": folder.url.path])
        #expect(walk.status == 0, "\(walk.stdout)\n\(walk.stderr)")
        #expect(walk.stdout.contains("checks passed"))
    }
}
