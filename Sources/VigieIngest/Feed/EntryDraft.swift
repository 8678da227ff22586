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
    func entry() -> FeedEntry {
        let text = TextBuilder.sentences(title?.text, (content ?? summary)?.text)
        return FeedEntry(
            id: id, title: title.flatMap { $0.text.isEmpty ? nil : $0.text }, link: link ?? permalink,
            published: published, updated: updated, author: author,
            summary: summary.flatMap { $0.value.isEmpty ? nil : $0.value },
            content: content.flatMap { $0.value.isEmpty ? nil : $0.value },
            text: text, categories: categories, language: language)
    }
}
