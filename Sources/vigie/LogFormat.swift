import ArgumentParser

/// How `--log-format` writes log lines on stderr.
enum LogFormat: String, ExpressibleByArgument, CaseIterable, Sendable {
    /// One readable line per event: time, level, label, metadata, message.
    case text
    /// One JSON object per line (`time`, `level`, `label`, `message`, `metadata`), for journald and log
    /// shippers.
    case json
}
