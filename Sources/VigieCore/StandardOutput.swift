import Glibc

/// Buffered writes to a file descriptor (stdout by default), flushed when
/// the buffer fills and on ``flush()``: one `write(2)` per 64 KiB, not per line.
///
/// A write that fails (a full disk, a closed pipe) is not retried: its error is
/// kept in ``failure`` and everything written after it is dropped, so that the
/// caller can say so once, at the end, instead of losing output silently.
public final class StandardOutput {
    private var buffer: [UInt8] = []
    private let descriptor: Int32
    private let capacity: Int
    /// The `errno` of the first write that failed, or 0. `EPIPE` means the reader went away.
    public private(set) var failure: Int32 = 0

    public init(descriptor: Int32 = 1, capacity: Int = 1 << 16) {
        self.descriptor = descriptor
        self.capacity = capacity
        buffer.reserveCapacity(capacity)
    }

    deinit { flush() }

    public func write(_ bytes: [UInt8]) {
        // A line longer than the buffer (a whole feed's) goes out as it is, not copied first.
        if bytes.count >= capacity {
            flush()
            bytes.withUnsafeBytes { writeAll($0) }
            return
        }
        buffer.append(contentsOf: bytes)
        if buffer.count >= capacity { flush() }
    }

    public func write(_ string: String) {
        buffer.append(contentsOf: string.utf8)
        if buffer.count >= capacity { flush() }
    }

    /// Writes out what is buffered (or drops it, after a failure).
    public func flush() {
        defer { buffer.removeAll(keepingCapacity: true) }
        buffer.withUnsafeBytes { writeAll($0) }
    }

    /// Writes `raw` to the descriptor, whole (or drops it, after a failure).
    private func writeAll(_ raw: UnsafeRawBufferPointer) {
        guard failure == 0 else { return }
        var offset = 0
        while offset < raw.count {
            let written = Glibc.write(descriptor, raw.baseAddress! + offset, raw.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                failure = errno
                return
            }
            offset += written
        }
    }
}
