import Foundation
import Testing
import VigieFetch
import VigieTestSupport

#if canImport(Glibc)
    import Glibc
#endif

/// Issue 11, item 5: failures in words a person can act on, naming the host,
/// with no library's type names or error domains.
@Suite(.dedicatedThread, .serialized, .timeLimit(.minutes(2))) struct ErrorWordsTests {
    static let jargon = ["NSCocoaErrorDomain", "HTTPClientError", "NIOCore", "NIOPosix", "IOError", "errno:", "Error("]

    static func expectNoJargon(_ message: String, sourceLocation: SourceLocation = #_sourceLocation) {
        for word in jargon {
            #expect(!message.contains(word), "\(message)", sourceLocation: sourceLocation)
        }
    }

    @Test func aGzipBombSaysItExpandsOverTheLimit() async throws {
        try await FetchTesting.withFetcher(FetchPolicy(maximumBodyBytes: 100_000)) { _, fetcher, base in
            let error = await FetchTesting.expectError(.tooLarge) { () async throws(FetchError) in
                try await fetcher.fetch(FetchRequest(url: base + "/bomb"))
            }
            let message = error?.message ?? ""
            #expect(message.contains("compressed body from 127.0.0.1 expands over the 100000-byte limit"), "\(message)")
            Self.expectNoJargon(message)
        }
    }

    @Test func theSameBombFitsUnderALargerLimit() async throws {
        try await FetchTesting.withFetcher(FetchPolicy(maximumBodyBytes: 2 << 20)) { _, fetcher, base in
            guard case .fetched(let body) = try await fetcher.fetch(FetchRequest(url: base + "/bomb")) else {
                Issue.record("expected a body")
                return
            }
            #expect(body.bytes.count == 1 << 20)
        }
    }

    /// A port on 127.0.0.1 that nothing listens on (bound by the system, then closed).
    static func closedPort() throws -> Int {
        let server = try RawServer { _ in }
        let port = server.port
        server.stop()
        return port
    }

    @Test func aRefusedConnectionNamesTheHostAndPort() async throws {
        let port = try Self.closedPort()
        let fetcher = Fetcher(policy: FetchPolicy(connectTimeout: .seconds(2)), logger: FetchTesting.logger)
        let error = await FetchTesting.expectError(.connection) { () async throws(FetchError) in
            try await fetcher.fetch(FetchRequest(url: "http://127.0.0.1:\(port)/feed"))
        }
        let message = error?.message ?? ""
        #expect(message.contains("cannot connect to 127.0.0.1 port \(port): connection refused"), "\(message)")
        #expect(message.contains("is the server running"), "\(message)")
        Self.expectNoJargon(message)
        try await fetcher.shutdown()
    }

    @Test func anUnknownHostSaysItCannotBeResolved() async throws {
        let fetcher = Fetcher(logger: FetchTesting.logger, resolver: TableResolver(table: [:]))
        let error = await FetchTesting.expectError(.hostNotFound) { () async throws(FetchError) in
            try await fetcher.fetch(FetchRequest(url: "http://nowhere.test/feed"))
        }
        let message = error?.message ?? ""
        #expect(message.hasPrefix("cannot resolve host nowhere.test"), "\(message)")
        Self.expectNoJargon(message)
        try await fetcher.shutdown()
    }

    @Test func aServerThatNeverAnswersIsATimeoutInWords() async throws {
        let server = try RawServer { connection in
            // Never answers: holds the connection until the client gives up on it.
            guard connection.readHead() != nil else { return }
            while connection.readHead() != nil {}
        }
        defer { server.stop() }
        let fetcher = Fetcher(
            policy: FetchPolicy(readTimeout: .milliseconds(500), totalTimeout: .seconds(30)),
            logger: FetchTesting.logger)
        let error = await FetchTesting.expectError(.timeout) { () async throws(FetchError) in
            try await fetcher.fetch(FetchRequest(url: server.base + "/feed"))
        }
        let message = error?.message ?? ""
        #expect(message.contains("127.0.0.1 stopped sending"), "\(message)")
        Self.expectNoJargon(message)
        try await fetcher.shutdown()
    }

    @Test func speakingTLSToAPlainServerIsATLSFailureInWords() async throws {
        let server = try RawServer { connection in
            // Whatever the client says, answer in plain HTTP.
            _ = connection.write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")
            Thread.sleep(forTimeInterval: 0.5)
        }
        defer { server.stop() }
        let fetcher = Fetcher(policy: FetchPolicy(connectTimeout: .seconds(5)), logger: FetchTesting.logger)
        let error = await FetchTesting.expectError(.connection) { () async throws(FetchError) in
            try await fetcher.fetch(FetchRequest(url: "https://127.0.0.1:\(server.port)/feed"))
        }
        let message = error?.message ?? ""
        #expect(message.hasPrefix("secure connection to 127.0.0.1 port \(server.port) failed"), "\(message)")
        Self.expectNoJargon(message)
        try await fetcher.shutdown()
    }
}
