import Foundation

/// Runs a program as a user would, with a clean environment: only `PATH`, `HOME`, `TMPDIR` and `LANG`
/// of the test's own, then `environment` (an empty value leaves a variable out). Nothing else the
/// developer's shell exports (a `VIGIE_LEXICONS`, a locale, a proxy) reaches the program.
public enum ProcessRunner {
    /// What a run gave.
    public struct Result: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String

        /// The stdout lines, without the final empty one.
        public var lines: [String] {
            stdout.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
        }

        /// Each stdout line decoded as a JSON object.
        public func jsonLines() throws -> [[String: Any]] {
            try lines.map { line in
                guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
                    throw CocoaError(.coderReadCorrupt)
                }
                return object
            }
        }
    }

    /// The variables a run starts from.
    public static func cleanEnvironment(_ environment: [String: String] = [:]) -> [String: String] {
        let own = ProcessInfo.processInfo.environment
        var clean: [String: String] = ["LANG": "C.UTF-8"]
        for name in ["PATH", "HOME", "TMPDIR"] { clean[name] = own[name] }
        for (name, value) in environment { clean[name] = value.isEmpty ? nil : value }
        return clean
    }

    /// Runs `executable ARGUMENTS`, feeding `stdin` when given; with `stdoutPath`, stdout goes to that file
    /// (and `Result.stdout` is empty).
    public static func run(
        _ executable: URL, _ arguments: [String], stdin: String? = nil, currentDirectory: URL? = nil,
        stdoutPath: String? = nil, environment: [String: String] = [:]
    ) throws -> Result {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = cleanEnvironment(environment)
        if let currentDirectory { process.currentDirectoryURL = currentDirectory }
        let out = Pipe()
        let err = Pipe()
        let input = Pipe()
        if let stdoutPath {
            guard let file = FileHandle(forWritingAtPath: stdoutPath) else { throw CocoaError(.fileNoSuchFile) }
            process.standardOutput = file
            try out.fileHandleForWriting.close()
        } else {
            process.standardOutput = out
        }
        process.standardError = err
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        // Read both pipes concurrently so a chatty process cannot block on a full pipe.
        nonisolated(unsafe) var errData = Data()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            errData = err.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self))
    }
}
