import Foundation
import VigieCore

/// Reads a mention history from CSV: a header naming at least the columns `time` (RFC 3339), `brand` and
/// `score` (compound, in [-1, 1]), one mention a line. Optional columns: `story` (rows of one brand with the
/// same non-empty value are copies of one story and count once, at the earliest of their times) and `seen`
/// (RFC 3339: when the watcher stored the mention; the replay then takes mentions in that order, at those
/// times). Other columns are ignored.
///
/// The file is read as bytes and parsed by hand (no `String` per line, no date formatter), so ten million
/// rows take seconds. Fields may be quoted the RFC 4180 way. The first unreadable row stops the reading with
/// an error naming the file and line: replaying a history with holes would give wrong alerts.
public struct MentionCSVReader: Sendable {
    /// Bucket length and negative threshold of the history built.
    public var settings: DetectorSettings

    /// Creates a reader bucketing like `settings`.
    public init(settings: DetectorSettings = DetectorSettings()) {
        self.settings = settings
    }

    /// Reads the file at `path`.
    /// - Throws: ``DetectError`` naming the file (and line): unreadable file, missing column, bad row.
    public func read(path: String) throws -> MentionHistory {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped)
        } catch {
            throw DetectError(.unreadableFile, "cannot read the file: \(error.localizedDescription)", file: path)
        }
        return try data.withUnsafeBytes { try read(bytes: $0, name: path) }
    }

    /// Reads CSV held in memory; `name` is used in errors.
    public func read(bytes: UnsafeRawBufferPointer, name: String) throws -> MentionHistory {
        var parser = CSVParser(bytes: bytes, name: name)
        return try parser.parse(settings: settings)
    }
}

/// The byte-level CSV scanner behind ``MentionCSVReader``.
private struct CSVParser {
    let bytes: UnsafeRawBufferPointer
    let name: String
    var position = 0
    var line = 1
    /// Unquoted copy of the last quoted field.
    var unquoted: [UInt8] = []

    init(bytes: UnsafeRawBufferPointer, name: String) {
        self.bytes = bytes
        self.name = name
    }

    func fail(_ code: DetectError.Code, _ message: String) -> DetectError {
        DetectError(code, message, file: name, line: line)
    }

    /// Where the last field read lies: a range of `bytes`, or `unquoted` when it was quoted.
    struct FieldSpan {
        var start: Int
        var end: Int
        var quoted: Bool
    }

    /// Reads one field starting at `position`, then hands its bytes (unquoted, without a trailing `\r`)
    /// to `body`; afterwards `position` is on the delimiter (`,`, `\n` or end).
    mutating func field<R>(_ body: (UnsafeRawBufferPointer) throws -> R) throws -> R {
        let span = try nextField()
        return try read(span, body)
    }

    func read<R>(_ span: FieldSpan, _ body: (UnsafeRawBufferPointer) throws -> R) throws -> R {
        if span.quoted { return try unquoted.withUnsafeBytes { try body($0) } }
        return try body(UnsafeRawBufferPointer(rebasing: bytes[span.start..<span.end]))
    }

    mutating func nextField() throws -> FieldSpan {
        let count = bytes.count
        if position < count && bytes[position] == 34 {  // '"'
            unquoted.removeAll(keepingCapacity: true)
            let openingLine = line
            var i = position + 1
            while true {
                guard i < count else {
                    line = openingLine
                    throw fail(.malformedRow, "a quoted field is not closed")
                }
                let b = bytes[i]
                if b == 34 {
                    if i + 1 < count && bytes[i + 1] == 34 {
                        unquoted.append(34)
                        i += 2
                        continue
                    }
                    i += 1
                    break
                }
                if b == 10 { line += 1 }
                unquoted.append(b)
                i += 1
            }
            if i < count && bytes[i] == 13 { i += 1 }
            guard i >= count || bytes[i] == 44 || bytes[i] == 10 else {
                throw fail(.malformedRow, "unexpected text after a quoted field")
            }
            position = i
            return FieldSpan(start: 0, end: 0, quoted: true)
        }
        var i = position
        while i < count {
            let b = bytes[i]
            if b == 44 || b == 10 { break }
            i += 1
        }
        var end = i
        if end > position && bytes[end - 1] == 13 { end -= 1 }
        let span = FieldSpan(start: position, end: end, quoted: false)
        position = i
        return span
    }

    /// Moves past the end of the current line.
    mutating func skipLine() {
        let count = bytes.count
        while position < count && bytes[position] != 10 { position += 1 }
        if position < count {
            position += 1
            line += 1
        }
    }

    mutating func parse(settings: DetectorSettings) throws -> MentionHistory {
        // The header.
        var names: [String] = []
        if bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF { position = 3 }
        while true {
            let name = try field { String(decoding: $0, as: UTF8.self) }
            names.append(name.trimmingCharacters(in: .whitespaces).lowercased())
            if position < bytes.count && bytes[position] == 44 {
                position += 1
                continue
            }
            break
        }
        guard let timeColumn = names.firstIndex(of: "time") else {
            throw fail(.missingColumn, "the header has no `time` column (found: \(names.joined(separator: ",")))")
        }
        guard let brandColumn = names.firstIndex(of: "brand") else {
            throw fail(.missingColumn, "the header has no `brand` column (found: \(names.joined(separator: ",")))")
        }
        guard let scoreColumn = names.firstIndex(of: "score") else {
            throw fail(.missingColumn, "the header has no `score` column (found: \(names.joined(separator: ",")))")
        }
        // Optional: `story` (rows with one value are copies of one story and count once) and `seen` (when the
        // watcher stored the mention: the replay then takes mentions in that order, at those times).
        let storyColumn = names.firstIndex(of: "story")
        let seenColumn = names.firstIndex(of: "seen")
        let lastColumn = max(timeColumn, brandColumn, scoreColumn, storyColumn ?? 0, seenColumn ?? 0)
        skipLine()
        var stories: [StoryKey: StoryCopy] = [:]

        var history = MentionHistory(settings: settings)
        var brands = BrandTable()
        let threshold = settings.negativeThreshold
        let count = bytes.count
        while position < count {
            // Blank lines are allowed (a trailing one especially).
            if bytes[position] == 10 || (bytes[position] == 13 && position + 1 < count && bytes[position + 1] == 10) {
                skipLine()
                continue
            }
            let rowLine = line
            var time: Int64 = 0
            var score = 0.0
            var brand = 0
            var story: [UInt8] = []
            var seen: Int64?
            var column = 0
            while true {
                if column == timeColumn {
                    let span = try nextField()
                    time = try read(span) { slice in
                        guard let t = RFC3339.parse(slice) else {
                            throw fail(
                                .malformedRow,
                                "unreadable time \(quote(slice)) (expected RFC 3339, e.g. 2024-05-01T08:00:00Z)")
                        }
                        return t
                    }
                } else if column == brandColumn {
                    let span = try nextField()
                    brand = try read(span) { slice in
                        guard !slice.isEmpty else { throw fail(.malformedRow, "empty brand") }
                        return brands.index(of: slice, in: &history)
                    }
                } else if column == scoreColumn {
                    let span = try nextField()
                    score = try read(span) { slice in
                        guard let s = DecimalParser.parse(slice), s >= -1, s <= 1 else {
                            throw fail(.malformedRow, "unreadable score \(quote(slice)) (expected a number in [-1, 1])")
                        }
                        return s
                    }
                } else if column == storyColumn {
                    let span = try nextField()
                    story = try read(span) { Array($0) }
                } else if column == seenColumn {
                    let span = try nextField()
                    seen = try read(span) { slice in
                        guard !slice.isEmpty else { return nil }
                        guard let t = RFC3339.parse(slice) else {
                            throw fail(
                                .malformedRow,
                                "unreadable seen time \(quote(slice)) (expected RFC 3339, e.g. 2024-05-01T08:05:00Z)")
                        }
                        return t
                    }
                } else {
                    _ = try nextField()
                }
                if column == lastColumn { break }
                guard position < count && bytes[position] == 44 else {
                    line = rowLine
                    throw fail(.malformedRow, "the row has \(column + 1) fields, the header needs \(lastColumn + 1)")
                }
                position += 1
                column += 1
            }
            let negative = score <= threshold
            var added = true
            if story.isEmpty {
                added = history.add(timeline: brand, time: time, negative: negative, seen: seen)
            } else if var copy = stories[StoryKey(timeline: brand, story: story)] {
                // Another copy of a story: it counts once, at its earliest publication and store times.
                if time < copy.time || (seen ?? time) < copy.seen {
                    if time < copy.time { copy.negative = negative }
                    copy.time = min(copy.time, time)
                    copy.seen = min(copy.seen, seen ?? time)
                    added = history.move(
                        timeline: brand, position: copy.position, to: copy.time, negative: copy.negative,
                        seen: copy.seen)
                    stories[StoryKey(timeline: brand, story: story)] = copy
                }
            } else {
                added = history.add(timeline: brand, time: time, negative: negative, seen: seen)
                stories[StoryKey(timeline: brand, story: story)] = StoryCopy(
                    position: history.timelines[brand].times.count - 1, time: time, seen: seen ?? time,
                    negative: negative)
            }
            guard added else {
                line = rowLine
                throw fail(
                    .malformedRow, "time \(RFC3339.format(time)) is more than 200 years from the brand's other mentions"
                )
            }
            skipLine()
        }
        return history
    }

    func quote(_ slice: UnsafeRawBufferPointer) -> String {
        "'" + String(decoding: slice.prefix(60), as: UTF8.self) + "'"
    }
}

/// A story of one brand's timeline, by the bytes of its `story` value.
private struct StoryKey: Hashable {
    var timeline: Int
    var story: [UInt8]
}

/// The one mention that stands for a story: where it is in its timeline, and when it counts.
private struct StoryCopy {
    var position: Int
    var time: Int64
    var seen: Int64
    var negative: Bool
}

/// Brand names interned by their bytes, so a row does not allocate a `String`.
private struct BrandTable {
    private var keys: [[UInt8]] = []
    private var hashes: [UInt64] = []
    private var slots: [Int32] = Array(repeating: -1, count: 64)
    private var timelineOf: [Int] = []

    mutating func index(of bytes: UnsafeRawBufferPointer, in history: inout MentionHistory) -> Int {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes { hash = (hash ^ UInt64(b)) &* 0x100_0000_01b3 }
        let mask = slots.count - 1
        var s = Int(truncatingIfNeeded: hash) & mask
        while true {
            let k = Int(slots[s])
            if k < 0 { break }
            if hashes[k] == hash && keys[k].elementsEqual(bytes) { return timelineOf[k] }
            s = (s + 1) & mask
        }
        let key = Array(bytes)
        let timeline = history.timelineIndex(of: String(decoding: key, as: UTF8.self))
        keys.append(key)
        hashes.append(hash)
        timelineOf.append(timeline)
        slots[s] = Int32(keys.count - 1)
        if keys.count * 2 > slots.count { rehash() }
        return timeline
    }

    private mutating func rehash() {
        slots = Array(repeating: -1, count: slots.count * 2)
        let mask = slots.count - 1
        for (k, hash) in hashes.enumerated() {
            var s = Int(truncatingIfNeeded: hash) & mask
            while slots[s] >= 0 { s = (s + 1) & mask }
            slots[s] = Int32(k)
        }
    }
}
