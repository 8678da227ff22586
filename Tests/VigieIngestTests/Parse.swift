import VigieCore
import VigieIngest

/// Parses a document written inline in a test.
func parse(_ text: String, url: String? = nil, options: FeedParser.Options = .init()) -> FeedDocument {
    FeedParser(options: options).parse(Array(text.utf8), source: "test", url: url)
}

/// Parses raw bytes (for encoding tests).
func parse(bytes: [UInt8]) -> FeedDocument {
    FeedParser().parse(bytes, source: "test")
}
