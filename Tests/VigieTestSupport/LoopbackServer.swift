import Hummingbird
import Logging

/// The tests' one HTTP server on loopback: a Hummingbird application on a port the system picks, run live
/// (real sockets, real HTTP) for the duration of `body`, which receives its base URL. When `body` returns
/// the server is cancelled, not drained: a handler that holds a request on purpose (a hung webhook) does
/// not hold the test.
public enum LoopbackServer {
    public static func run(
        _ router: Router<BasicRequestContext>, _ body: @Sendable (String) async throws -> Void
    ) async throws {
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        var logger = Logger(label: "loopback-server")
        logger.logLevel = .critical
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in continuation.yield(channel.localAddress?.port ?? 0) }, logger: logger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await app.run() }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next() else { return }
            try await body("http://127.0.0.1:\(port)")
            group.cancelAll()
        }
    }
}
