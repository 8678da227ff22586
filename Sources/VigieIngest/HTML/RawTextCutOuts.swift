import VigieCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Empties the `<script>` and `<style>` elements of a UTF-8 page before libxml2
/// reads it.
///
/// They are HTML's raw text elements: libxml2 2.9 reads their content one
/// character at a time (`htmlParseScript`), and on the pages of the bench corpus
/// they hold 70 % of the bytes. No reader looks at that content (the text, the
/// main content and the passages all skip scripts and styles), except JSON-LD:
/// a `<script>` whose start tag says `json` anywhere keeps its content.
///
/// The scan reads tags as libxml2's HTML parser does (comments to `-->`, quoted
/// attribute values only after `=`, a raw text element ending at the first `</`
/// followed by its name), and empties an element only when its content is at
/// least ``minimumLength`` bytes of valid UTF-8 with no NUL, so that libxml2 would
/// have read it without a complaint that changes how it reads the rest.
enum RawTextCutOuts {
    /// Contents shorter than this are left: the copy would cost more than it saves.
    static let minimumLength = 64

    /// The page with its scripts and styles emptied, or `nil` when none was.
    static func cut(_ bytes: UnsafeRawBufferPointer) -> [UInt8]? {
        let s = bytes.bindMemory(to: UInt8.self)
        guard let base = s.baseAddress else { return nil }
        let n = s.count
        var output: [UInt8] = []
        var copied = 0  // s[..<copied] is in `output`
        var i = 0
        while i < n {
            guard let found = memchr(base + i, 0x3C, n - i) else { break }  // "<"
            let lt = UnsafeRawPointer(found).assumingMemoryBound(to: UInt8.self) - base
            i = lt + 1
            guard lt + 1 < n else { break }
            let next = s[lt + 1]
            if next == UInt8(ascii: "!") && BytePattern.starts(s, at: lt, with: "<!--") {
                i = BytePattern.find(s, "-->", from: lt + 4).map { $0 + 3 } ?? n
                continue
            }
            if next == UInt8(ascii: "!") || next == UInt8(ascii: "?") || next == UInt8(ascii: "/") {
                i = BytePattern.find(s, ">", from: lt + 2).map { $0 + 1 } ?? n
                continue
            }
            guard isLetter(next) else { continue }
            var j = lt + 1
            while j < n && isNameByte(s[j]) { j += 1 }
            let name = UnsafeBufferPointer(rebasing: s[(lt + 1)..<j])
            let isRawText = equalsIgnoringCase(name, "script") || equalsIgnoringCase(name, "style")
            guard let close = endOfStartTag(s, from: j) else { break }
            i = close + 1
            guard isRawText, s[close - 1] != UInt8(ascii: "/") else { continue }
            let contentStart = close + 1
            guard let end = endTag(s, named: name, from: contentStart) else { break }  // raw text to the end
            i = end
            let isJSON = contains(UnsafeBufferPointer(rebasing: s[lt..<close]), "json")
            guard !isJSON, end - contentStart >= minimumLength,
                isPlainUTF8(UnsafeBufferPointer(rebasing: s[contentStart..<end]))
            else { continue }
            if output.isEmpty { output.reserveCapacity(n) }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: s[copied..<contentStart]))
            copied = end
        }
        guard copied > 0 else { return nil }
        output.append(contentsOf: UnsafeBufferPointer(rebasing: s[copied..<n]))
        return output
    }

    /// The index of the `>` that ends a start tag whose name ends at `j`, past its attributes
    /// (a quoted value only right after `=`, as libxml2 reads them); `nil` when it never ends.
    private static func endOfStartTag(_ s: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        let n = s.count
        var j = start
        while j < n {
            let c = s[j]
            if c == UInt8(ascii: ">") { return j }
            guard c == UInt8(ascii: "=") else {
                j += 1
                continue
            }
            j += 1
            while j < n && isSpace(s[j]) { j += 1 }
            guard j < n else { return nil }
            let quote = s[j]
            if quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") {
                j += 1
                while j < n && s[j] != quote { j += 1 }
                j += 1
            }
        }
        return nil
    }

    /// Where the end tag of the raw text element `name` starts: the first `</` followed by
    /// its name in any case (libxml2's recovery reads no further).
    private static func endTag(_ s: UnsafeBufferPointer<UInt8>, named name: UnsafeBufferPointer<UInt8>, from start: Int)
        -> Int?
    {
        var j = start
        while let at = BytePattern.find(s, "</", from: j) {
            let nameStart = at + 2
            if nameStart + name.count <= s.count,
                equalsIgnoringCase(UnsafeBufferPointer(rebasing: s[nameStart..<(nameStart + name.count)]), name)
            {
                return at
            }
            j = at + 1
        }
        return nil
    }

    /// Valid UTF-8 without a NUL.
    private static func isPlainUTF8(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        let n = text.count
        var i = 0
        while i < n {
            i = ByteScan.skip(text, from: i) { ByteScan.high($0) .| ByteScan.equal($0, 0) }
            guard i < n else { break }
            let length = UTF8Census.sequenceLength(text, at: i)
            guard length > 0, text[i] != 0 else { return false }
            i += length
        }
        return true
    }

    private static func equalsIgnoringCase(_ bytes: UnsafeBufferPointer<UInt8>, _ lowercase: StaticString) -> Bool {
        lowercase.withUTF8Buffer { equalsIgnoringCase(bytes, $0) }
    }

    private static func equalsIgnoringCase(_ bytes: UnsafeBufferPointer<UInt8>, _ lowercase: UnsafeBufferPointer<UInt8>)
        -> Bool
    {
        guard bytes.count == lowercase.count else { return false }
        for k in 0..<bytes.count where lowerASCII(bytes[k]) != lowerASCII(lowercase[k]) { return false }
        return true
    }

    /// Whether `s` holds `lowercase` in any case.
    private static func contains(_ s: UnsafeBufferPointer<UInt8>, _ lowercase: StaticString) -> Bool {
        lowercase.withUTF8Buffer { pattern in
            guard s.count >= pattern.count else { return false }
            for k in 0...(s.count - pattern.count)
            where equalsIgnoringCase(UnsafeBufferPointer(rebasing: s[k..<(k + pattern.count)]), pattern) {
                return true
            }
            return false
        }
    }

    private static func lowerASCII(_ c: UInt8) -> UInt8 { c >= 0x41 && c <= 0x5A ? c | 0x20 : c }
    private static func isLetter(_ c: UInt8) -> Bool { (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7A }
    private static func isNameByte(_ c: UInt8) -> Bool {
        isLetter(c) || (c >= 0x30 && c <= 0x39) || c == UInt8(ascii: ":") || c == UInt8(ascii: "-")
            || c == UInt8(ascii: "_") || c == UInt8(ascii: ".")
    }
    private static func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D || c == 0x0C }
}
