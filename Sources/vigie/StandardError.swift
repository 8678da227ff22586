import Foundation

/// Writes diagnostics to stderr, keeping stdout for what a command promises.
enum StandardError {
    static func print(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
