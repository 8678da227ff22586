#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension ScoreCommand {
    /// Reads a file descriptor in blocks of whole lines, in constant memory: each block holds up
    /// to about `blockSize` bytes of complete lines (a longer single line grows the buffer for as
    /// long as it lasts).
    struct LineReader {
        private let fd: Int32
        private var buffer: [UInt8]
        private var end = 0
        private var done = false
        let blockSize: Int

        init(fileDescriptor: Int32, blockSize: Int = 1 << 20) {
            fd = fileDescriptor
            self.blockSize = blockSize
            buffer = [UInt8](repeating: 0, count: blockSize)
        }

        /// Calls `body` with the next block of complete lines (each ending in "\n", except perhaps
        /// the last line of the input); false at end of input.
        mutating func nextBlock(_ body: (UnsafeBufferPointer<UInt8>) -> Void) -> Bool {
            while true {
                if !done, end < buffer.count {
                    let n = buffer.withUnsafeMutableBufferPointer { b in read(fd, b.baseAddress! + end, b.count - end) }
                    if n < 0, errno == EINTR { continue }
                    if n <= 0 { done = true } else { end += n }
                    if !done, end < buffer.count { continue }  // fill the block first
                }
                if end == 0 { return false }
                // The block ends after the last newline (or at the end of the input).
                var cut = end
                if !done {
                    while cut > 0, buffer[cut - 1] != 0x0A { cut -= 1 }
                    if cut == 0 {  // one line longer than the buffer: grow it
                        buffer.append(contentsOf: [UInt8](repeating: 0, count: buffer.count))
                        continue
                    }
                }
                buffer.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[0..<cut])) }
                let rest = end - cut
                buffer.withUnsafeMutableBufferPointer { b in
                    for k in 0..<rest { b[k] = b[cut + k] }
                }
                end = rest
                if buffer.count > blockSize, end < blockSize {
                    buffer = Array(buffer[0..<blockSize])
                }
                if done, end == 0 { return true }
                return true
            }
        }
    }
}
