import ArgumentParser
import Foundation
import Glibc
import VigieCore

/// Where an export goes: stdout, or a file written under a temporary name and
/// renamed into place when complete (a reader never sees half a file, and a
/// failed export leaves the previous file as it was).
final class ExportDestination {
    let path: String?
    private let temporaryPath: String?
    private let descriptor: Int32
    private let output: StandardOutput

    /// Opens `path` (stdout when `nil` or `-`).
    init(path: String?, command: String) throws {
        guard let path, path != "-" else {
            self.path = nil
            temporaryPath = nil
            descriptor = 1
            output = StandardOutput(descriptor: 1, capacity: 1 << 18)
            return
        }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            StandardError.print("vigie \(command): \(FileProblem.writing(path, errno: EISDIR))")
            throw ExitCode.failure
        }
        let temporary = path + ".partial-\(getpid())"
        let opened = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard opened >= 0 else {
            StandardError.print("vigie \(command): \(FileProblem.writing(path, errno: errno))")
            throw ExitCode.failure
        }
        self.path = path
        temporaryPath = temporary
        descriptor = opened
        output = StandardOutput(descriptor: opened, capacity: 1 << 18)
    }

    /// The temporary file a library that writes by path (libxlsxwriter) writes into, before
    /// ``commit(command:)`` moves it into place; `nil` for stdout.
    var temporaryFile: String? { temporaryPath }

    /// Buffers `bytes`, writing out every 256 KiB; the first error is kept for ``commit(command:)``.
    func write(_ bytes: [UInt8]) { output.write(bytes) }

    func write(_ text: String) { output.write(text) }

    /// Flushes, and moves the file into place.
    func commit(command: String) throws {
        guard let path, let temporaryPath else { return try output.finish(command) }
        output.flush()
        var failure = output.failure
        if failure == 0 && fsync(descriptor) != 0 { failure = errno }
        close(descriptor)
        if failure == 0 && rename(temporaryPath, path) != 0 { failure = errno }
        guard failure == 0 else {
            StandardError.print("vigie \(command): \(FileProblem.writing(path, errno: failure))")
            unlink(temporaryPath)
            throw ExitCode.failure
        }
    }

    /// Removes the temporary file after a failure.
    func abandon() {
        guard let temporaryPath else { return }
        output.flush()  // into the file about to go, not into a descriptor number reused later
        close(descriptor)
        unlink(temporaryPath)
    }
}
