import VigieCore
import VigieIngest

extension FeedDocument {
    /// The document as one `vigie parse` line (see docs/INTERFACE.md).
    func jsonLine() -> [UInt8] {
        // Reserved from the text it will hold, plus room for escapes and keys:
        // a feed's line is as long as the feed, and growing it by doubling copies it.
        var expected = 1024
        for entry in entries {
            expected +=
                entry.text.utf8.count + (entry.summary?.utf8.count ?? 0) + (entry.content?.utf8.count ?? 0) + 512
        }
        var line = JSONLine(capacity: expected + expected / 16)
        line.field("source", source)
        line.field("kind", kind?.rawValue)
        line.field("version", version)
        line.field("title", title)
        line.field("link", link)
        line.field("subtitle", subtitle)
        line.field("language", language)
        line.field("updated", date: updated)
        line.field("author", author)
        line.field("entries", objects: entries) { entry, object in entry.write(to: &object) }
        if kind == .html {
            line.field("passages", objects: passages) { entry, object in entry.write(to: &object) }
        }
        line.field("warnings", warnings)
        line.field("error", error)
        return line.finish()
    }
}

extension FeedEntry {
    func write(to object: inout JSONLine) {
        object.field("id", id)
        object.field("title", title)
        object.field("link", link)
        object.field("published", date: published)
        object.field("updated", date: updated)
        object.field("author", author)
        object.field("summary", summary)
        object.field("content", content)
        object.field("text", text)
        object.field("categories", categories)
        object.field("language", language)
        if let foundBy { object.field("found_by", foundBy.rawValue) }
        if let rating { object.field("rating", rating) }
        if let bestRating { object.field("best_rating", bestRating) }
    }
}
