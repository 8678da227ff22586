import VigieCore
import VigieScore

extension ScoreCommand {
    /// Writes `vigie score` lines by hand into a buffer handed to stdout in large pieces:
    /// no `JSONEncoder`, no `String` per number.
    struct JSONLineWriter {
        private(set) var bytes: [UInt8] = []
        private static let flushAt = 1 << 16
        /// Where `write` flushes by itself when the buffer is large; `nil`: the owner takes ``bytes``.
        let sink: StandardOutput?

        init(sink: StandardOutput?, capacity: Int = 1 << 16) {
            self.sink = sink
            bytes.reserveCapacity(capacity + 4096)
        }

        mutating func write(
            _ scorer: SentimentScorer, _ text: UnsafeBufferPointer<UInt8>, _ language: Language?,
            _ scratch: inout ScoringScratch, _ explain: Bool, _ brandWords: BrandWords
        ) {
            var text = text
            if let last = text.last, last == 0x0D { text = UnsafeBufferPointer(rebasing: text.dropLast()) }
            let s = scorer.score(
                utf8: text, language: language, scratch: &scratch, explain: explain, brandWords: brandWords)
            append(s.language == .french ? "{\"lang\":\"fr\",\"score\":" : "{\"lang\":\"en\",\"score\":")
            number(s.score)
            switch s.label {
            case .positive: append(",\"label\":\"positive\",\"positive\":")
            case .negative: append(",\"label\":\"negative\",\"positive\":")
            case .neutral: append(",\"label\":\"neutral\",\"positive\":")
            }
            number(s.positive)
            append(",\"negative\":")
            number(s.negative)
            append(",\"neutral\":")
            number(s.neutral)
            if explain {
                append(",\"terms\":[")
                for (i, c) in scratch.contributions.enumerated() {
                    if i > 0 { bytes.append(0x2C) }
                    append("{\"term\":")
                    string(c.term)
                    append(",\"valence\":")
                    number(c.valence)
                    bytes.append(0x7D)
                }
                bytes.append(0x5D)
            }
            append("}\n")
            if sink != nil, bytes.count >= Self.flushAt { flush() }
        }

        /// Empties the buffer, keeping its memory.
        mutating func clear() {
            bytes.removeAll(keepingCapacity: true)
        }

        /// Hands the buffer to the sink.
        mutating func flush() {
            sink?.write(bytes)
            bytes.removeAll(keepingCapacity: true)
        }

        @inline(__always)
        private mutating func append(_ s: StaticString) {
            bytes.append(contentsOf: UnsafeBufferPointer(start: s.utf8Start, count: s.utf8CodeUnitCount))
        }

        private mutating func append(_ s: String) {
            bytes.append(contentsOf: s.utf8)
        }

        /// A JSON number with at most four decimals (`-0.62`, `0`, `1`): the one number writer.
        private mutating func number(_ value: Double) {
            JSONLine.appendNumber(value, digits: 4, to: &bytes)
        }

        private mutating func string(_ s: String) {
            JSONLine.appendString(s, to: &bytes)
        }
    }
}
