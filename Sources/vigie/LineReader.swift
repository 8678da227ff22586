#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a file descriptor line by line in constant memory (a line longer than the buffer is
/// kept whole by growing it, then the buffer shrinks back).
struct LineReader {
    private let fd: Int32
    private var buffer: [UInt8]
    private var start = 0
    private var end = 0
    private var done = false
    private static let chunk = 1 << 16

    init(fileDescriptor: Int32) {
        fd = fileDescriptor
        buffer = [UInt8](repeating: 0, count: Self.chunk)
    }

    /// Calls `body` with the next line (without its "\n" or "\r\n"); false at end of input.
    mutating func next(_ body: (UnsafeBufferPointer<UInt8>) -> Void) -> Bool {
        while true {
            // A complete line in the buffer?
            let found: Int? = buffer.withUnsafeBufferPointer { b in
                var k = start
                while k < end {
                    if b[k] == 0x0A { return k }
                    k += 1
                }
                return nil
            }
            if let newline = found {
                var stop = newline
                if stop > start, buffer[stop - 1] == 0x0D { stop -= 1 }
                buffer.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[start..<stop])) }
                start = newline + 1
                return true
            }
            if done {
                guard end > start else { return false }
                var stop = end
                if buffer[stop - 1] == 0x0D { stop -= 1 }
                buffer.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[start..<stop])) }
                start = end
                return true
            }
            // Make room: move the partial line to the front, grow only if it fills the buffer.
            if start > 0 {
                let count = end - start
                buffer.withUnsafeMutableBufferPointer { b in
                    for k in 0..<count { b[k] = b[start + k] }
                }
                start = 0
                end = count
            }
            if end == buffer.count {
                buffer.append(contentsOf: [UInt8](repeating: 0, count: buffer.count))
            } else if end < Self.chunk, buffer.count > Self.chunk {
                buffer = Array(buffer[0..<Self.chunk])
            }
            let n = buffer.withUnsafeMutableBufferPointer { b in
                read(fd, b.baseAddress! + end, b.count - end)
            }
            if n <= 0 {
                done = true
            } else {
                end += n
            }
        }
    }
}
