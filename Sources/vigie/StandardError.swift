import Foundation
import Logging
import Synchronization
import VigieCore

/// Writes diagnostics to stderr, keeping stdout for what a command promises.
///
/// Diagnostics and log lines share one style per process (``setStyle(format:secrets:)``): with
/// `--log-format json` every line on stderr is a JSON object, and secrets are redacted from all of them.
enum StandardError {
    private static let style = Mutex<(format: LogFormat, redaction: LogRedaction)>((.text, LogRedaction()))

    /// The process's style: the format of every stderr line from now on, and the secret values to redact.
    static func setStyle(format: LogFormat, secrets: [String] = []) {
        style.withLock { $0 = (format, LogRedaction(secrets: secrets)) }
    }

    /// The current format and redaction.
    static var current: (format: LogFormat, redaction: LogRedaction) { style.withLock { $0 } }

    /// Writes `line` and a line feed at once (as a JSON log line of `level`, label `vigie`, in the JSON
    /// style). An unwritable stderr is ignored: there is nowhere left to say it.
    static func print(_ line: String, level: Logger.Level = .error) {
        let (format, redaction) = current
        switch format {
        case .text: write(redaction.redact(line) + "\n")
        case .json:
            write(
                StandardErrorLogHandler.line(
                    time: Date(), level: level, label: "vigie", message: line, metadata: [:], format: .json,
                    redaction: redaction))
        }
    }

    /// Writes `text` as it is, at once.
    static func write(_ text: String) {
        let output = StandardOutput(descriptor: 2, capacity: 1 << 12)
        output.write(text)
        output.flush()
    }
}
