/// Language tags as feeds write them, made BCP 47: `en_US` (a POSIX locale,
/// common in `xml:lang` and `<language>`) becomes `en-US`.
enum LanguageTag {
    /// The tag trimmed, with `_` as `-`; `nil` when nothing is left.
    static func normalize(_ raw: String) -> String? {
        let trimmed = raw.trimmingASCIISpaces
        guard !trimmed.isEmpty else { return nil }
        guard trimmed.utf8.contains(UInt8(ascii: "_")) else { return trimmed }
        return String(trimmed.map { $0 == "_" ? "-" : $0 })
    }
}
