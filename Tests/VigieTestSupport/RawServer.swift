import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A bare TCP server on 127.0.0.1 (port chosen by the system) for the
/// misbehaviour an HTTP framework will not produce: a body dripped a byte at a
/// time, a connection that is never answered. Each connection runs `handler`
/// on a thread of its own (not the cooperative pool, so a busy machine delays
/// it but cannot starve it).
public final class RawServer: @unchecked Sendable {
    public let port: Int
    private let listener: Int32
    private let lock = NSLock()
    private var stopping = false
    private var hangUps = 0
    private var accepted = 0

    /// Connections whose client went away while the handler was still writing.
    public var hangUpCount: Int { lock.withLock { hangUps } }
    /// Connections accepted so far.
    public var connectionCount: Int { lock.withLock { accepted } }

    public init(handler: @escaping @Sendable (RawConnection) -> Void) throws {
        #if canImport(Glibc)
            let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
            let listener = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard listener >= 0 else { throw RawServerError.socket(errno) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(listener, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0, listen(listener, 16) == 0 else {
            close(listener)
            throw RawServerError.socket(errno)
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) }
        }
        self.listener = listener
        port = Int(UInt16(bigEndian: address.sin_port))
        let thread = Thread { [self] in
            while true {
                let connection = accept(listener, nil, nil)
                if connection < 0 {
                    if lock.withLock({ stopping }) { return }
                    if errno == EINTR || errno == ECONNABORTED { continue }
                    return
                }
                lock.withLock { accepted += 1 }
                let worker = Thread {
                    let raw = RawConnection(descriptor: connection)
                    handler(raw)
                    if raw.clientHungUp { self.lock.withLock { self.hangUps += 1 } }
                    raw.close()
                }
                worker.start()
            }
        }
        thread.start()
    }

    public var base: String { "http://127.0.0.1:\(port)" }

    /// Stops accepting connections (handlers already running finish on their own).
    public func stop() {
        lock.withLock { stopping = true }
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
    }

    /// Waits, without any deadline of its own, until a client has hung up on a handler.
    public func waitForHangUp() async throws {
        while hangUpCount == 0 { try await Task.sleep(for: .milliseconds(50)) }
    }
}

public enum RawServerError: Error { case socket(Int32) }

/// One accepted connection.
public final class RawConnection: @unchecked Sendable {
    private let descriptor: Int32
    private var closed = false
    /// Set when a write failed because the client closed the connection.
    public private(set) var clientHungUp = false

    public init(descriptor: Int32) { self.descriptor = descriptor }

    /// Reads up to the end of the request head; the head's text, or nil if the client went away.
    @discardableResult public func readHead() -> String? {
        var bytes: [UInt8] = []
        var byte: UInt8 = 0
        while !bytes.suffix(4).elementsEqual([13, 10, 13, 10]) {
            guard read(descriptor, &byte, 1) == 1 else { return nil }
            bytes.append(byte)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Writes all of `text`; false when the client has gone.
    @discardableResult public func write(_ text: String) -> Bool { write(Array(text.utf8)) }

    /// Writes all of `bytes`; false when the client has gone.
    @discardableResult public func write(_ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes {
                send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
            }
            if sent <= 0 {
                if sent < 0 && errno == EINTR { continue }
                clientHungUp = true
                return false
            }
            offset += sent
        }
        return true
    }

    public func close() {
        guard !closed else { return }
        closed = true
        #if canImport(Glibc)
            _ = Glibc.close(descriptor)
        #else
            _ = Darwin.close(descriptor)
        #endif
    }
}
