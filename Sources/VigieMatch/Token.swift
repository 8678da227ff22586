/// One word of a folded text, with its position in the token stream.
public struct Token: Sendable, Hashable {
    /// How the word was written.
    public enum Form: UInt8, Sendable, Hashable, Codable {
        /// A plain word: `orange`.
        case word
        /// A hashtag: `#orange` (the text is stored without the `#`).
        case hashtag
        /// A handle: `@orange` (the text is stored without the `@`).
        case handle
    }

    /// The folded word (lowercase, no accents), without its `#` or `@`.
    public var text: String
    /// Whether it was a plain word, a hashtag or a handle.
    public var form: Form

    /// A token from already folded text (see ``TextFolding``).
    public init(_ text: String, form: Form = .word) {
        self.text = text
        self.form = form
    }
}
