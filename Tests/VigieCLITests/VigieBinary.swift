import Foundation
import VigieTestSupport

/// The built `vigie`, run as a user runs it (``ProcessRunner``: a clean environment).
enum VigieBinary {
    typealias Result = ProcessRunner.Result

    /// The folder the test bundle and the `vigie` product are built into.
    static var productsDirectory: URL {
        let bundle = Bundle.main.bundleURL
        // `swift test` runs `<products>/vigiePackageTests.xctest`; its parent holds `vigie`.
        return bundle.pathExtension == "xctest" ? bundle.deletingLastPathComponent() : bundle
    }

    static var url: URL { productsDirectory.appendingPathComponent("vigie") }

    /// Runs `vigie ARGUMENTS` (see ``ProcessRunner/run(_:_:stdin:currentDirectory:stdoutPath:environment:)``).
    static func run(
        _ arguments: [String], stdin: String? = nil, currentDirectory: URL? = nil, stdoutPath: String? = nil,
        environment: [String: String] = [:]
    ) throws -> Result {
        try ProcessRunner.run(
            url, arguments, stdin: stdin, currentDirectory: currentDirectory, stdoutPath: stdoutPath,
            environment: environment)
    }
}
