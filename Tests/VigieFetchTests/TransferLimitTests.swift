import Foundation
import Testing
import VigieFetch
import VigieTestSupport

/// Issue 11, item 2: a server that sends its head and then drips its body
/// must be cut off, by the transfer-rate minimum or by the whole-exchange
/// deadline, and the cut must close the connection and free the host's slot.
///
/// The limits are small so the tests end soon, but nothing here measures how
/// long anything took: the assertions are on the kind of error, its words,
/// and what the server saw.
@Suite(.dedicatedThread, .serialized, .timeLimit(.minutes(2))) struct TransferLimitTests {
    static let feed = "<rss version=\"2.0\"><channel><title>Drip</title></channel></rss>"

    /// Answers every request with a head, then `bytes` bytes of body one at a
    /// time, `pause` apart (a valid RSS document, so a fetch that waits for
    /// the end succeeds). Requests for `/fast` are answered at once.
    static func dripServer(bytes: Int, pause: Duration) throws -> RawServer {
        try RawServer { connection in
            guard let head = connection.readHead() else { return }
            if head.hasPrefix("GET /fast ") {
                connection.write(
                    "HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nContent-Length: \(feed.utf8.count)\r\n"
                        + "Connection: close\r\n\r\n" + feed)
                return
            }
            let body = Array(String(repeating: " ", count: max(0, bytes - feed.utf8.count)).utf8) + Array(feed.utf8)
            guard
                connection.write(
                    "HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nContent-Length: \(body.count)\r\n\r\n")
            else { return }
            for byte in body {
                guard connection.write([byte]) else { return }
                Thread.sleep(
                    forTimeInterval: Double(pause.components.seconds) + Double(pause.components.attoseconds) / 1e18)
            }
        }
    }

    @Test func aDripUnderTheMinimumRateIsCutOffAndTheConnectionClosed() async throws {
        // 100 bytes, 0.2 s apart: 20 s in all, but about 5 bytes a second.
        let server = try Self.dripServer(bytes: 100, pause: .milliseconds(200))
        defer { server.stop() }
        let policy = FetchPolicy(
            readTimeout: .seconds(30), totalTimeout: .seconds(600),
            minimumTransferRate: TransferRate(bytes: 1024, every: .seconds(1)))
        let fetcher = Fetcher(policy: policy, logger: FetchTesting.logger)
        let error = await FetchTesting.expectError(.tooSlow) { () async throws(FetchError) in
            try await fetcher.fetch(FetchRequest(url: server.base + "/drip"))
        }
        #expect(error?.message.contains("under the 1 KiB/1 s minimum; cut off") == true, "\(error?.message ?? "")")
        #expect(error?.message.contains("127.0.0.1 sent") == true)
        // The request was cancelled down to the socket: the server's next write fails.
        try await server.waitForHangUp()
        #expect(server.hangUpCount == 1)
        // And the host's slot is free again (a leaked slot would make this wait for ever).
        let after = try await fetcher.fetch(FetchRequest(url: server.base + "/fast"))
        guard case .fetched(let body) = after else {
            Issue.record("the second fetch should bring a body")
            return
        }
        #expect(String(decoding: body.bytes, as: UTF8.self) == Self.feed)
        try await fetcher.shutdown()
    }

    @Test func theWholeExchangeHasADeadlineThatCoversTheBody() async throws {
        // Fast enough for the rate minimum (switched off here), too slow for a 1 s deadline.
        let server = try Self.dripServer(bytes: 100, pause: .milliseconds(200))
        defer { server.stop() }
        let policy = FetchPolicy(readTimeout: .seconds(30), totalTimeout: .seconds(1), minimumTransferRate: nil)
        let fetcher = Fetcher(policy: policy, logger: FetchTesting.logger)
        let error = await FetchTesting.expectError(.timeout) { () async throws(FetchError) in
            try await fetcher.fetch(FetchRequest(url: server.base + "/drip"))
        }
        #expect(
            error?.message.contains("the whole exchange with 127.0.0.1 took over 1 s") == true,
            "\(error?.message ?? "")")
        try await server.waitForHangUp()
        let after = try await fetcher.fetch(FetchRequest(url: server.base + "/fast"))
        #expect(after != .notModified)
        try await fetcher.shutdown()
    }

    @Test func aSteadyBodyAboveTheMinimumArrivesWhole() async throws {
        // 100 bytes at 0.05 s: 20 bytes a second for 5 s, far over a 1 byte/2 s minimum
        // (only a server thread starved for two whole seconds could fall under it).
        let server = try Self.dripServer(bytes: 100, pause: .milliseconds(50))
        defer { server.stop() }
        let policy = FetchPolicy(
            totalTimeout: .seconds(600), minimumTransferRate: TransferRate(bytes: 1, every: .seconds(2)))
        let fetcher = Fetcher(policy: policy, logger: FetchTesting.logger)
        guard case .fetched(let body) = try await fetcher.fetch(FetchRequest(url: server.base + "/steady")) else {
            Issue.record("expected a body")
            return
        }
        #expect(body.bytes.count == 100)
        try await fetcher.shutdown()
    }

    @Test func rateWordsAreReadable() {
        #expect(TransferRate(bytes: 1024, every: .seconds(10)).description == "1 KiB/10 s")
        #expect(TransferRate(bytes: 300, every: .seconds(60)).description == "300 bytes/1 min")
        #expect(FetchPolicy().minimumTransferRate == TransferRate(bytes: 1024, every: .seconds(10)))
        #expect(FetchPolicy().totalTimeout == .seconds(60))
    }
}
