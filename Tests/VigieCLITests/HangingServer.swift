import Foundation

/// A loopback HTTP server that reads each request and never answers: the hung
/// feed every watcher meets one day. Counts the requests it has swallowed.
final class HangingServer: @unchecked Sendable {
    let port: UInt16
    private let listener: Int32
    private let lock = NSLock()
    private var accepted: [Int32] = []
    private var requestCount = 0

    init() throws {
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard listener >= 0 else { throw POSIXError(.EIO) }
        self.listener = listener
        var yes: Int32 = 1
        setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(listener, 64) == 0 else {
            _ = Foundation.close(listener)
            throw POSIXError(.EADDRINUSE)
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) }
        }
        self.port = UInt16(bigEndian: address.sin_port)
        let thread = Thread { [self] in acceptForever() }
        thread.start()
    }

    var url: String { "http://127.0.0.1:\(port)/feed.xml" }

    /// Requests read so far (none is ever answered).
    var requests: Int { lock.withLock { requestCount } }

    private func acceptForever() {
        while true {
            let connection = accept(listener, nil, nil)
            guard connection >= 0 else { return }
            lock.withLock { accepted.append(connection) }
            Thread { [self] in
                var buffer = [UInt8](repeating: 0, count: 4096)
                var seen: [UInt8] = []
                while true {
                    let count = read(connection, &buffer, buffer.count)
                    if count <= 0 { return }
                    seen += buffer[0..<count]
                    if seen.count >= 4, String(decoding: seen, as: UTF8.self).contains("\r\n\r\n") {
                        lock.withLock { requestCount += 1 }
                        seen = []
                    }
                }
            }.start()
        }
    }

    /// Stops listening and drops every connection.
    func close() {
        shutdown(listener, Int32(SHUT_RDWR))
        _ = Foundation.close(listener)
        for connection in lock.withLock({ accepted }) { _ = Foundation.close(connection) }
    }

    deinit { close() }
}
