import VigieCore

extension FeedDocument {
    /// Repairs the feed-level text fields the way ``EntryDraft`` repairs an
    /// entry's: double-encoded text decoded once more, language tags made BCP 47.
    mutating func repairText() {
        title = title.map(DoubleEncoding.repair)
        subtitle = subtitle.map(DoubleEncoding.repair)
        author = author.map(DoubleEncoding.repair)
        language = language.flatMap(LanguageTag.normalize)
    }
}
