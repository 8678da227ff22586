import Glibc

/// Buffered writes to a file descriptor (stdout by default), flushed when
/// the buffer fills and on ``flush()``: one `write(2)` per 64 KiB, not per line.
public final class StandardOutput {
    private var buffer: [UInt8] = []
    private let descriptor: Int32
    private let capacity: Int

    public init(descriptor: Int32 = 1, capacity: Int = 1 << 16) {
        self.descriptor = descriptor
        self.capacity = capacity
        buffer.reserveCapacity(capacity)
    }

    deinit { flush() }

    public func write(_ bytes: [UInt8]) {
        buffer.append(contentsOf: bytes)
        if buffer.count >= capacity { flush() }
    }

    public func write(_ string: String) {
        buffer.append(contentsOf: string.utf8)
        if buffer.count >= capacity { flush() }
    }

    /// Writes out what is buffered.
    public func flush() {
        var offset = 0
        buffer.withUnsafeBytes { raw in
            while offset < raw.count {
                let written = Glibc.write(descriptor, raw.baseAddress! + offset, raw.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return  // the reader went away (EPIPE): nothing more can be said
                }
                offset += written
            }
        }
        buffer.removeAll(keepingCapacity: true)
    }
}
