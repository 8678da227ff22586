import Foundation
import VigieCore

/// The one-watcher-per-store lock: two watchers on one database would fetch
/// every source twice and send every webhook twice.
///
/// An exclusive `flock` on `<database>.watch-lock`, held for the life of the
/// process: the kernel releases it when the process ends, however it ends, so a
/// crash or `kill -9` leaves no stale lock behind. The file names the holder
/// (process id, start time, command line) so that a refused second watcher can
/// say which one is running.
///
/// ```swift
/// let lock = try WatcherLock.acquire(database: "/var/lib/vigie/vigie.db")
/// defer { lock.release() }
/// ```
public final class WatcherLock: Sendable {
    /// The lock file beside the database.
    public let path: String
    private let descriptor: Int32

    private init(path: String, descriptor: Int32) {
        self.path = path
        self.descriptor = descriptor
    }

    deinit { _ = Foundation.close(descriptor) }

    /// The lock file of the database at `database`.
    public static func lockPath(database: String) -> String { database + ".watch-lock" }

    /// Takes the lock of the database at `database`, without waiting.
    ///
    /// - Parameters:
    ///   - holder: how the lock file describes this process (by default its command line).
    ///   - now: the start time written in the lock file.
    /// - Throws: ``StoreError`` with `.alreadyWatched` when another live process holds it
    ///   (its message names that process), `.cannotOpen` when the lock file cannot be created.
    public static func acquire(
        database: String, holder: String = CommandLine.arguments.joined(separator: " "), now: Date = Date()
    ) throws -> WatcherLock {
        let path = lockPath(database: database)
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw StoreError(
                .cannotOpen, operation: "creating the watcher lock", subject: path,
                reason: String(cString: strerror(errno)))
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            let failure = errno
            let running = failure == EWOULDBLOCK ? Self.describeHolder(descriptor) : nil
            _ = Foundation.close(descriptor)
            guard let running else {
                throw StoreError(
                    .cannotOpen, operation: "taking the watcher lock", subject: path,
                    reason: String(cString: strerror(failure)))
            }
            throw StoreError(
                .alreadyWatched, operation: "starting a watcher", subject: database,
                reason: "another Vigie is already watching \(database) (\(running)). "
                    + "Stop it first, or give this configuration another storage: path.")
        }
        let since = RFC3339.format(now)
        let text = "pid=\(getpid())\nsince=\(since)\ncommand=\(holder.replacingOccurrences(of: "\n", with: " "))\n"
        _ = ftruncate(descriptor, 0)
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, 0) }
        return WatcherLock(path: path, descriptor: descriptor)
    }

    /// Gives the lock up before the process ends (it is also given up when the value is released).
    public func release() {
        _ = flock(descriptor, LOCK_UN)
    }

    /// "pid 1234, since 2026-12-05T23:40:00Z: vigie watch --config vigie.yaml", from the lock file.
    private static func describeHolder(_ descriptor: Int32) -> String {
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return "a process that is still starting" }
        var fields: [String: String] = [:]
        for line in String(decoding: buffer[0..<count], as: UTF8.self).split(separator: "\n") {
            guard let equals = line.firstIndex(of: "=") else { continue }
            fields[String(line[..<equals])] = String(line[line.index(after: equals)...])
        }
        var parts: [String] = []
        if let pid = fields["pid"] { parts.append("pid \(pid)") }
        if let since = fields["since"] { parts.append("since \(since)") }
        var text = parts.joined(separator: ", ")
        if let command = fields["command"], !command.isEmpty { text += ": \(command)" }
        return text.isEmpty ? "a process that is still starting" : text
    }
}
