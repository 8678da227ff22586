import Foundation
import Logging
import VigieCore

/// Vigie's log handler: one line per event on stderr, as text or as a JSON object in the process's style
/// (``StandardError/setStyle(format:secrets:)``), with secrets redacted from the message and the metadata.
///
/// Text: `2026-12-06T05:40:00.123Z info vigie.watch: cycle 1: … source=https://…`
/// JSON: `{"time":"2026-12-06T05:40:00.123Z","level":"info","label":"vigie.watch","message":"cycle 1: …","metadata":{"source":"https://…"}}`
struct StandardErrorLogHandler: LogHandler {
    let label: String
    var logLevel: Logger.Level
    var metadata: Logger.Metadata = [:]
    var metadataProvider: Logger.MetadataProvider?

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    /// Writes one event (swift-log calls it only for events at or above `logLevel`).
    func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { _, new in new } }
        if let extra = event.metadata { merged.merge(extra) { _, new in new } }
        let (format, redaction) = StandardError.current
        StandardError.write(
            Self.line(
                time: Date(), level: event.level, label: label, message: "\(event.message)", metadata: merged,
                format: format, redaction: redaction))
    }

    /// One log line, newline included.
    static func line(
        time: Date, level: Logger.Level, label: String, message: String, metadata: Logger.Metadata,
        format: LogFormat, redaction: LogRedaction
    ) -> String {
        let stamp = timestamp(time)
        switch format {
        case .text:
            let fields = metadata.sorted { $0.key < $1.key }.map { "\($0.key)=\(text($0.value))" }
            let tail = fields.isEmpty ? "" : " " + fields.joined(separator: " ")
            return redaction.redact("\(stamp) \(level) \(label): \(message)\(tail)") + "\n"
        case .json:
            var bytes = Array("{\"time\":".utf8)
            JSONLine.appendString(stamp, to: &bytes)
            bytes += Array(",\"level\":".utf8)
            JSONLine.appendString(level.rawValue, to: &bytes)
            bytes += Array(",\"label\":".utf8)
            JSONLine.appendString(label, to: &bytes)
            bytes += Array(",\"message\":".utf8)
            JSONLine.appendString(redaction.redact(message), to: &bytes)
            bytes += Array(",\"metadata\":".utf8)
            append(.dictionary(metadata), to: &bytes, redaction: redaction)
            bytes += Array("}\n".utf8)
            return String(decoding: bytes, as: UTF8.self)
        }
    }

    /// UTC, to the millisecond: `2026-12-06T05:40:00.123Z`.
    private static func timestamp(_ time: Date) -> String {
        let seconds = time.timeIntervalSince1970.rounded(.down)
        let millis = min(999, Int(((time.timeIntervalSince1970 - seconds) * 1000).rounded(.down)))
        let whole = RFC3339.format(Int64(seconds))
        let padded = String(String(millis + 1000).dropFirst())
        return String(whole.dropLast()) + "." + padded + "Z"
    }

    private static func text(_ value: Logger.Metadata.Value) -> String {
        switch value {
        case .string(let string): return string
        case .stringConvertible(let convertible): return convertible.description
        case .array(let values): return "[" + values.map(text).joined(separator: ", ") + "]"
        case .dictionary(let values):
            return "["
                + values.sorted { $0.key < $1.key }.map { "\($0.key): \(text($0.value))" }
                .joined(separator: ", ") + "]"
        }
    }

    private static func append(_ value: Logger.Metadata.Value, to bytes: inout [UInt8], redaction: LogRedaction) {
        switch value {
        case .string(let string): JSONLine.appendString(redaction.redact(string), to: &bytes)
        case .stringConvertible(let convertible):
            JSONLine.appendString(redaction.redact(convertible.description), to: &bytes)
        case .array(let values):
            bytes.append(UInt8(ascii: "["))
            for (index, element) in values.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                append(element, to: &bytes, redaction: redaction)
            }
            bytes.append(UInt8(ascii: "]"))
        case .dictionary(let values):
            bytes.append(UInt8(ascii: "{"))
            for (index, (key, element)) in values.sorted(by: { $0.key < $1.key }).enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                JSONLine.appendString(key, to: &bytes)
                bytes.append(UInt8(ascii: ":"))
                append(element, to: &bytes, redaction: redaction)
            }
            bytes.append(UInt8(ascii: "}"))
        }
    }
}
