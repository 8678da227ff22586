import Foundation
import VigieCore

/// An entry being read: the first value found for a field wins, as in
/// feedparser (a later `dc:title` does not replace `title`).
struct EntryDraft {
    var id: String?
    var title: ContentValue?
    var link: String?
    /// A `guid` that is a permalink: the link when there is no `<link>`.
    var permalink: String?
    var published: Date?
    var updated: Date?
    var author: String?
    var summary: ContentValue?
    var content: ContentValue?
    var categories: [String] = []
    var language: String?

    mutating func setIfEmpty<T>(_ keyPath: WritableKeyPath<EntryDraft, T?>, _ value: T?) {
        if self[keyPath: keyPath] == nil, let value { self[keyPath: keyPath] = value }
    }

    /// The finished entry; `text` is the title's text, then the body's.
    /// Double-encoded text is repaired in every field a person reads.
    func entry() -> FeedEntry {
        let titleText = title.map { DoubleEncoding.repair($0.text) }
        let bodyText = (content ?? summary).map { DoubleEncoding.repair($0.text) }
        let text = TextBuilder.sentences(titleText, bodyText)
        return FeedEntry(
            id: id, title: titleText.flatMap { $0.isEmpty ? nil : $0 }, link: link ?? permalink,
            published: published, updated: updated, author: author.map(DoubleEncoding.repair),
            summary: summary.flatMap { $0.value.isEmpty ? nil : DoubleEncoding.repair($0.value) },
            content: content.flatMap { $0.value.isEmpty ? nil : DoubleEncoding.repair($0.value) },
            text: text, categories: categories.map(DoubleEncoding.repair),
            language: language.flatMap(LanguageTag.normalize))
    }
}
