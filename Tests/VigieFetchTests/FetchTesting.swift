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
        _ policy: FetchPolicy = FetchPolicy(), resolver: any HostResolver = SystemResolver(),
        _ body: @Sendable (TestServer, Fetcher, String) async throws -> Void
    ) async throws {
        let server = TestServer()
        let fetcher = Fetcher(policy: policy, logger: logger, resolver: resolver)
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

/// A resolver that knows a few `.test` names, for tests that need a name to
/// lead somewhere precise; other names go to the system's resolver.
struct TableResolver: HostResolver {
    var table: [String: [String]]

    func addresses(of host: String) async throws -> [IPAddress] {
        if let literal = IPAddress(host) { return [literal] }
        let name = host.lowercased()
        if !name.hasSuffix(".test") { return try await SystemResolver().addresses(of: host) }
        guard let addresses = table[name] else {
            throw HostResolutionError(host: host, reason: "Name or service not known")
        }
        return addresses.compactMap(IPAddress.init)
    }
}
