import Foundation

/// The built `vigie` running in the background, its stderr collected.
public final class ServeProcess: @unchecked Sendable {
    private let process = Process()
    private let errors = Pipe()
    private let lock = NSLock()
    private var collected = ""

    /// The built `vigie`, beside the test bundle.
    public static var executable: URL {
        let bundle = Bundle.main.bundleURL
        let products = bundle.pathExtension == "xctest" ? bundle.deletingLastPathComponent() : bundle
        return products.appendingPathComponent("vigie")
    }

    public init(arguments: [String]) throws {
        process.executableURL = Self.executable
        process.arguments = arguments
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        errors.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            guard let self, !data.isEmpty else { return }
            self.lock.withLock { self.collected += String(decoding: data, as: UTF8.self) }
        }
        try process.run()
    }

    public var errorText: String { lock.withLock { collected } }

    /// The `http://host:port` it announced on stderr, waiting up to a minute (a busy machine starts slowly);
    /// `nil` if it exited or never said.
    public func waitForAddress() async -> String? {
        for _ in 0..<600 {
            if let match = errorText.firstMatch(of: /serving the dashboard on (http:\/\/[0-9.]+:[0-9]+)\//) {
                return String(match.1)
            }
            if !process.isRunning { return nil }
            try? await Task.sleep(for: .milliseconds(100))
        }
        return nil
    }

    /// Sends SIGTERM (when it still runs), waits for the exit and returns its status.
    @discardableResult
    public func stop() -> Int32 {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
        errors.fileHandleForReading.readabilityHandler = nil
        return process.terminationStatus
    }
}
