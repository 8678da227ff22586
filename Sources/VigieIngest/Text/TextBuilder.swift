import VigieCore

/// Builds plain text from pieces: whitespace collapsed to single spaces,
/// block boundaries turned into sentence breaks, leading and trailing space
/// trimmed, C1 controls read as Windows-1252. Works on UTF-8 bytes, copying
/// runs at once; the `String` is made once at the end.
struct TextBuilder: ~Copyable {
    private var bytes = ByteBuffer()
    private var pendingSpace = false
    private var pendingBreak = false

    init() {}

    /// Room for about `count` bytes of text, reserved at once rather than grown by doubling.
    mutating func reserve(_ count: Int) { bytes.reserve(count) }

    var isEmpty: Bool { bytes.isEmpty }

    /// Appends a run of raw bytes (no NUL needed); runs of white space become one space.
    ///
    /// Single spaces between words stay inside the copied runs, so text is
    /// copied in long runs, not word by word.
    mutating func append(_ run: UnsafeBufferPointer<UInt8>) {
        guard let base = run.baseAddress, !run.isEmpty else { return }
        var runStart = 0
        var i = 0
        let n = run.count
        while i < n {
            i = TextBuilder.skipPlain(run, from: i)
            guard i < n else { break }
            let byte = run[i]
            if byte == 0x20 && i > runStart && run[i - 1] != 0x20 && i + 1 < n && !isASCIISpace(run[i + 1]) {
                i += 1  // one space between two words: part of the run
                continue
            }
            if isASCIISpace(byte) {
                appendRun(base + runStart, base + i)
                pendingSpace = true
                runStart = i + 1
            } else if byte == 0xC2, i + 1 < n, run[i + 1] >= 0x80, run[i + 1] <= 0x9F,
                Windows1252.c1[Int(run[i + 1] - 0x80)] != 0
            {
                appendRun(base + runStart, base + i)
                emitSeparator()
                bytes.appendScalar(Windows1252.c1[Int(run[i + 1] - 0x80)])
                i += 1
                runStart = i + 1
            }
            i += 1
        }
        appendRun(base + runStart, base + n)
    }

    /// The first index at or after `start` whose byte needs more than copying: a control, a
    /// C2 lead byte (of a C1 control), a space next to another or at `start`; the run's end
    /// when there is none.
    @inline(__always)
    private static func skipPlain(_ run: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        guard let base = run.baseAddress, start < run.count, base[start] != 0x20 else { return start }
        return firstNotPlain(run, from: start) { _ in ByteScan.Lanes(repeating: false) }
    }

    /// The first index at or after `start` of a control, a C2 lead byte, a space followed
    /// by another, or a byte `also` picks; the run's end when there is none. Text before
    /// it can go to ``appendPlain(_:)``.
    @inline(__always)
    static func firstNotPlain(
        _ run: UnsafeBufferPointer<UInt8>, from start: Int, also: (ByteScan.Block) -> ByteScan.Lanes
    ) -> Int {
        guard let base = run.baseAddress else { return start }
        let n = run.count
        var i = start
        while i < n {
            // A block and the block one byte on, whose lanes are the bytes that follow.
            let block: ByteScan.Block
            let next: ByteScan.Block
            if i + 17 <= n {
                (block, next) = (ByteScan.load(base, i), ByteScan.load(base, i + 1))
            } else {
                block = i + 16 <= n ? ByteScan.load(base, i) : ByteScan.tail(base + i, count: n - i)
                next = ByteScan.tail(base + i + 1, count: min(16, n - i - 1))
            }
            let spaces = ByteScan.equal(block, 0x20) .& ByteScan.equal(next, 0x20)
            if let lane = ByteScan.first(
                ByteScan.below(block, 0x20) .| ByteScan.equal(block, 0xC2) .| spaces .| also(block))
            {
                return min(i + lane, n)
            }
            i += 16
        }
        return n
    }

    /// Appends a run in which ``firstNotPlain(_:from:also:)`` finds nothing: what
    /// ``append(_:)-(UnsafeBufferPointer<UInt8>)`` does with it, without looking at every byte again.
    mutating func appendPlain(_ run: UnsafeBufferPointer<UInt8>) {
        guard var start = run.baseAddress, !run.isEmpty else { return }
        if start.pointee == 0x20 {
            pendingSpace = true
            start += 1
        }
        appendRun(start, run.baseAddress! + run.count)
    }

    /// Appends text that may hold white space of its own.
    mutating func append(_ string: String) {
        var string = string
        string.withUTF8 { buffer in
            guard let base = buffer.baseAddress, !buffer.isEmpty else { return }
            var runStart = 0
            for i in 0..<buffer.count where isASCIISpace(buffer[i]) {
                appendRun(base + runStart, base + i)
                pendingSpace = true
                runStart = i + 1
            }
            appendRun(base + runStart, base + buffer.count)
        }
    }

    /// Appends `start..<end`; a trailing space becomes a pending one.
    @inline(__always)
    private mutating func appendRun(_ start: UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>) {
        var end = end
        var trailingSpace = false
        while end > start && (end - 1).pointee == 0x20 {
            end -= 1
            trailingSpace = true
        }
        if end > start {
            emitSeparator()
            bytes.append(contentsOf: UnsafeBufferPointer(start: start, count: end - start))
        }
        if trailingSpace { pendingSpace = true }
    }

    /// Writes the pending space or sentence break before new text.
    @inline(__always)
    private mutating func emitSeparator() {
        if !bytes.isEmpty {
            if pendingBreak {
                if let last = bytes.last, !TextBuilder.endsSentence(last) { bytes.append(0x2E) }  // "."
                bytes.append(0x20)
            } else if pendingSpace {
                bytes.append(0x20)
            }
        }
        pendingSpace = false
        pendingBreak = false
    }

    /// Marks a block boundary: the next text starts a new sentence.
    mutating func breakSentence() {
        pendingBreak = true
    }

    /// Marks a word boundary (an inline element that separates words, like `<img>`).
    mutating func breakWord() {
        pendingSpace = true
    }

    /// Two already-normalised texts joined as two sentences ("Title. Body").
    static func sentences(_ first: String?, _ second: String?) -> String {
        guard let first, !first.isEmpty else { return second ?? "" }
        guard let second, !second.isEmpty else { return first }
        let separator = endsSentence(first.utf8.last ?? 0) ? " " : ". "
        // Reserved at its size once (`+` twice made a string, then another, copying the first twice).
        var text = first
        text.reserveCapacity(first.utf8.count + separator.utf8.count + second.utf8.count)
        text.append(separator)
        text.append(second)
        return text
    }

    /// The text so far.
    var string: String { bytes.withUnsafeBufferPointer { String(writtenUTF8: $0) } }

    /// Whether a byte already ends a sentence (or is not a letter or digit, so a
    /// period would look odd after it).
    private static func endsSentence(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "a")...UInt8(ascii: "z"), 0x80...0xFF, UInt8(ascii: ")"), UInt8(ascii: "\""),
            UInt8(ascii: "'"):
            return false
        default:
            return true
        }
    }
}
