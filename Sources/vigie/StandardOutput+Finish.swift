import ArgumentParser
import Glibc
import VigieCore

extension StandardOutput {
    /// Flushes, and fails `command` when a write failed: a full disk or an I/O error is said on stderr
    /// (the output is incomplete); a reader that went away (`| head`) is not an error.
    func finish(_ command: String) throws {
        flush()
        guard failure != 0, failure != EPIPE else { return }
        StandardError.print("vigie \(command): cannot write to stdout: \(String(cString: strerror(failure)))")
        throw ExitCode.failure
    }

    /// Whether the reader went away or a write failed: there is no point in producing more.
    var hasFailed: Bool { failure != 0 }
}
