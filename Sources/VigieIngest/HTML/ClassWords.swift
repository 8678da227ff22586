/// The words of a plain ASCII `class`, `id` or `itemprop` value (see
/// ``AttributeText/plainASCII(_:)``), cut in place: what splitting its
/// `String` at the same characters gives, without a `String` per word.
enum ClassWords {
    /// Space, tab and line feed: what separates the tokens of a value.
    static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A
    }

    /// `-` and `_`: what joins the parts of a token (`share-buttons`, `post_related`).
    static func isJoiner(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
    }

    /// Whether `test` accepts one of the runs of `value` between separators (empty runs skipped),
    /// asked in order until it does.
    static func contains(
        _ value: UnsafeBufferPointer<UInt8>, separatedBy isSeparator: (UInt8) -> Bool,
        where test: (UnsafeBufferPointer<UInt8>) -> Bool
    ) -> Bool {
        var start = 0
        while start < value.count {
            while start < value.count && isSeparator(value[start]) { start += 1 }
            var end = start
            while end < value.count && !isSeparator(value[end]) { end += 1 }
            if end > start && test(UnsafeBufferPointer(rebasing: value[start..<end])) { return true }
            start = end
        }
        return false
    }

    /// Calls `body` on each run of `value` between separators (empty runs skipped), in order.
    static func forEach(
        in value: UnsafeBufferPointer<UInt8>, separatedBy isSeparator: (UInt8) -> Bool,
        _ body: (UnsafeBufferPointer<UInt8>) -> Void
    ) {
        _ = contains(value, separatedBy: isSeparator) { run in
            body(run)
            return false
        }
    }

    /// The first and last parts of a token cut at `-` and `_` (the token itself for both when it
    /// has no joiner); `nil` when it is only joiners.
    static func outerParts(_ token: UnsafeBufferPointer<UInt8>) -> (
        first: UnsafeBufferPointer<UInt8>, last: UnsafeBufferPointer<UInt8>
    )? {
        guard let firstStart = token.firstIndex(where: { !isJoiner($0) }),
            let lastEnd = token.lastIndex(where: { !isJoiner($0) })
        else { return nil }
        let firstEnd = token[firstStart...].firstIndex(where: isJoiner) ?? token.endIndex
        let lastStart = token[..<lastEnd].lastIndex(where: isJoiner).map { $0 + 1 } ?? token.startIndex
        return (
            UnsafeBufferPointer(rebasing: token[firstStart..<firstEnd]),
            UnsafeBufferPointer(rebasing: token[lastStart...lastEnd])
        )
    }
}
