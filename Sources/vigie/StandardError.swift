import VigieCore

/// Writes diagnostics to stderr, keeping stdout for what a command promises.
enum StandardError {
    /// Writes `line` and a line feed at once. An unwritable stderr is ignored: there is nowhere left to say it.
    static func print(_ line: String) {
        let output = StandardOutput(descriptor: 2, capacity: 1 << 12)
        output.write(line + "\n")
        output.flush()
    }
}
