import Foundation
import Logging
import Testing
import VigieFetch

/// Helpers shared by the fetch suites.
enum FetchTesting {
    static var logger: Logger {
        var logger = Logger(label: "fetch-test")
        logger.logLevel = .critical
        return logger
    }

    /// Runs `body` with a fresh Hummingbird server and a fetcher.
    static func withFetcher(
        _ policy: FetchPolicy = FetchPolicy(), _ body: @Sendable (TestServer, Fetcher, String) async throws -> Void
    ) async throws {
        let server = TestServer()
        let fetcher = Fetcher(policy: policy, logger: logger)
        try await server.run { base in try await body(server, fetcher, base) }
        try await fetcher.shutdown()
    }

    /// The error a fetch must fail with, checked to be of `kind`.
    static func expectError(
        _ kind: FetchError.Kind, sourceLocation: SourceLocation = #_sourceLocation,
        _ work: () async throws(FetchError) -> FetchResponse
    ) async -> FetchError? {
        do {
            let response = try await work()
            Issue.record("expected \(kind), got \(response)", sourceLocation: sourceLocation)
            return nil
        } catch {
            #expect(error.kind == kind, "\(error.message)", sourceLocation: sourceLocation)
            return error
        }
    }

    /// `url` as a query value.
    static func query(_ url: String) -> String {
        url.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? url
    }
}
