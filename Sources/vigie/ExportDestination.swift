import ArgumentParser
import Foundation
import Glibc

/// Where an export goes: stdout, or a file written under a temporary name and
/// renamed into place when complete (a reader never sees half a file, and a
/// failed export leaves the previous file as it was).
final class ExportDestination {
    let path: String?
    private let temporaryPath: String?
    private let descriptor: Int32
    private var buffer: [UInt8] = []
    private var failure: Int32 = 0

    /// Opens `path` (stdout when `nil` or `-`).
    init(path: String?, command: String) throws {
        guard let path, path != "-" else {
            self.path = nil
            temporaryPath = nil
            descriptor = 1
            return
        }
        let temporary = path + ".partial-\(getpid())"
        let opened = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard opened >= 0 else {
            StandardError.print("vigie \(command): cannot write \(path): \(String(cString: strerror(errno)))")
            throw ExitCode.failure
        }
        self.path = path
        temporaryPath = temporary
        descriptor = opened
    }

    /// Buffers `bytes`, writing out every 256 KiB.
    func write(_ bytes: [UInt8]) {
        buffer.append(contentsOf: bytes)
        if buffer.count >= 1 << 18 { flush() }
    }

    func write(_ text: String) { write(Array(text.utf8)) }

    /// Writes out the buffer; the first error is kept for ``commit(command:)``.
    func flush() {
        guard failure == 0 else {
            buffer.removeAll(keepingCapacity: true)
            return
        }
        buffer.withUnsafeBytes { raw in
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
        buffer.removeAll(keepingCapacity: true)
    }

    /// Flushes, and moves the file into place.
    func commit(command: String) throws {
        flush()
        guard let path, let temporaryPath else {
            // A reader that went away (`| head`) is not an error; anything else is.
            if failure != 0 && failure != EPIPE {
                StandardError.print("vigie \(command): cannot write to stdout: \(String(cString: strerror(failure)))")
                throw ExitCode.failure
            }
            return
        }
        if failure == 0 && fsync(descriptor) != 0 { failure = errno }
        close(descriptor)
        if failure == 0 && rename(temporaryPath, path) != 0 { failure = errno }
        guard failure == 0 else {
            errno = failure
            StandardError.print("vigie \(command): cannot write \(path): \(String(cString: strerror(errno)))")
            unlink(temporaryPath)
            throw ExitCode.failure
        }
    }

    /// Removes the temporary file after a failure.
    func abandon() {
        guard let temporaryPath else { return }
        close(descriptor)
        unlink(temporaryPath)
    }
}
