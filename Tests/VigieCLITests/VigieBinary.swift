import Foundation
import Testing

/// Runs the built `vigie` binary the way a user does, and captures what it says.
struct VigieBinary {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
        /// The stdout lines, without the final empty one.
        var lines: [String] {
            stdout.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
        }
        /// Each stdout line decoded as a JSON object.
        func jsonLines() throws -> [[String: Any]] {
            try lines.map { line in
                guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
                    throw CocoaError(.coderReadCorrupt)
                }
                return object
            }
        }
    }

    /// The folder the test bundle and the `vigie` product are built into.
    static var productsDirectory: URL {
        let bundle = Bundle.main.bundleURL
        // `swift test` runs `<products>/vigiePackageTests.xctest`; its parent holds `vigie`.
        return bundle.pathExtension == "xctest" ? bundle.deletingLastPathComponent() : bundle
    }

    static var url: URL { productsDirectory.appendingPathComponent("vigie") }

    /// Runs `vigie ARGUMENTS`, feeding `stdin` when given; with `stdoutPath`, stdout goes to that file
    /// (and `Result.stdout` is empty). `environment` adds to (or, with an empty value, clears) variables
    /// of the test's environment.
    static func run(
        _ arguments: [String], stdin: String? = nil, currentDirectory: URL? = nil, stdoutPath: String? = nil,
        environment: [String: String] = [:]
    ) throws -> Result {
        let process = Process()
        process.executableURL = url
        process.arguments = arguments
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        if let currentDirectory { process.currentDirectoryURL = currentDirectory }
        let out = Pipe()
        let err = Pipe()
        let input = Pipe()
        if let stdoutPath {
            process.standardOutput = try #require(FileHandle(forWritingAtPath: stdoutPath))
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
            status: process.terminationStatus,
            stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self))
    }
}
