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

        /// A JSON number with at most four decimals ("-0.62", "0.0", "1.0").
        private mutating func number(_ value: Double) {
            var scaled = Int64((value * 10_000).rounded())
            if scaled < 0 {
                bytes.append(0x2D)
                scaled = -scaled
            }
            let whole = scaled / 10_000
            var fraction = scaled % 10_000
            digits(whole)
            bytes.append(0x2E)
            if fraction == 0 {
                bytes.append(0x30)
                return
            }
            var width = 4
            while fraction % 10 == 0 {
                fraction /= 10
                width -= 1
            }
            var divisor: Int64 = 1
            for _ in 1..<width { divisor *= 10 }
            while divisor > 0 {
                bytes.append(0x30 + UInt8((fraction / divisor) % 10))
                divisor /= 10
            }
        }

        private mutating func digits(_ value: Int64) {
            if value >= 10 { digits(value / 10) }
            bytes.append(0x30 + UInt8(value % 10))
        }

        private mutating func string(_ s: String) {
            bytes.append(0x22)
            for b in s.utf8 {
                switch b {
                case 0x22: append("\\\"")
                case 0x5C: append("\\\\")
                case 0x0A: append("\\n")
                case 0x0D: append("\\r")
                case 0x09: append("\\t")
                case 0..<0x20:
                    append("\\u00")
                    let hex: [UInt8] = Array("0123456789abcdef".utf8)
                    bytes.append(hex[Int(b >> 4)])
                    bytes.append(hex[Int(b & 0xF)])
                default: bytes.append(b)
                }
            }
            bytes.append(0x22)
        }
    }
}
