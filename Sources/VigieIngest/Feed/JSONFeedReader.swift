import Foundation
import VigieCore

/// Reads JSON Feed 1.0 and 1.1 documents (https://jsonfeed.org/version/1.1).
///
/// Items become entries the way RSS and Atom items do: `content_html` is the
/// sanitized `content`, `content_text` the plain one when there is no HTML,
/// `summary` the `summary`; `date_published` and `date_modified` are
/// `published` and `updated`; `authors` (1.1) or `author` (1.0) give the
/// author; `tags` the categories. Attachments are ignored. Links are made
/// absolute against the document's URL (when it was fetched over HTTP), then the
/// feed's `feed_url`, then its `home_page_url`.
///
/// The reader is lenient where real feeds are sloppy (a numeric `id`, a date
/// in RFC 822, a missing `version`) and says so in `warnings`; malformed JSON,
/// or JSON that is not a feed, is an `error`.
struct JSONFeedReader {
    var warnings: [String] = []

    /// The contract's `version` for a JSON Feed `version` URL (`""` when unknown).
    static func version(of url: String?) -> String {
        guard let url = url?.trimmingASCIISpaces.lowercased() else { return "" }
        let path = url.hasPrefix("https://") ? url.dropFirst(8) : url.hasPrefix("http://") ? url.dropFirst(7) : url[...]
        switch path.hasSuffix("/") ? path.dropLast() : path {
        case "jsonfeed.org/version/1", "jsonfeed.org/version/1.0": return "json10"
        case "jsonfeed.org/version/1.1": return "json11"
        default: return ""
        }
    }

    /// Reads `bytes` (UTF-8, a BOM allowed) into a document named `source`.
    mutating func read(_ bytes: UnsafeRawBufferPointer, source: String, documentURL: String?) -> FeedDocument {
        var body = bytes
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = UnsafeRawBufferPointer(rebasing: body[3...]) }
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(body), options: [])
        } catch {
            return .failed(source, "malformed JSON: \(JSONFeedReader.describe(error, in: body))")
        }
        guard let feed = object as? [String: Any] else {
            return .failed(source, "not a JSON Feed: the document is JSON but not an object")
        }
        let versionURL = feed["version"] as? String
        guard versionURL != nil || feed["items"] != nil else {
            return .failed(source, "not a JSON Feed: the object has neither `version` nor `items`")
        }
        var document = FeedDocument(source: source, kind: .json, version: JSONFeedReader.version(of: versionURL))
        if versionURL == nil {
            warnings.append("no `version`: read as JSON Feed")
        } else if document.version.isEmpty {
            warnings.append("unknown JSON Feed version \"\(versionURL!.prefix(80))\"; read as JSON Feed 1.1")
        }
        let homePage = string(feed["home_page_url"], field: "home_page_url")
        let feedURL = string(feed["feed_url"], field: "feed_url")
        // The URL it was fetched from, unless that is a local file: the feed's own
        // URLs then say better where its relative links point.
        let ownBase = feedURL.map { URLResolver.resolve($0, against: homePage) } ?? homePage
        let fetchedOverHTTP = documentURL.map { $0.hasPrefix("http://") || $0.hasPrefix("https://") } ?? false
        let base = fetchedOverHTTP ? documentURL : ownBase ?? documentURL
        document.title = string(feed["title"], field: "title")
        document.link = homePage.map { URLResolver.resolve($0, against: documentURL ?? feedURL) }
        document.subtitle = string(feed["description"], field: "description")
        document.language = string(feed["language"], field: "language")
        document.author = author(in: feed, path: "")
        switch feed["items"] {
        case let items as [Any]:
            for (index, item) in items.enumerated() {
                guard let item = item as? [String: Any] else {
                    warnings.append("items[\(index)] is not an object; skipped")
                    continue
                }
                document.entries.append(entry(item, index: index, base: base, feedLanguage: document.language))
            }
        case nil:
            warnings.append("no `items`: the feed has no entries")
        default:
            warnings.append("`items` is not an array; the feed has no entries")
        }
        document.warnings = warnings
        if document.title == nil && document.link == nil && document.entries.isEmpty {
            document.error = "nothing usable: the JSON Feed has no title, no home page and no items"
        }
        return document
    }

    private mutating func entry(_ item: [String: Any], index: Int, base: String?, feedLanguage: String?) -> FeedEntry {
        let path = "items[\(index)]"
        var draft = EntryDraft()
        draft.id = string(item["id"], field: "\(path).id")
        if let title = string(item["title"], field: "\(path).title") {
            var builder = TextBuilder()
            builder.append(title)
            draft.title = ContentValue(value: title, text: builder.string)
        }
        let link =
            string(item["url"], field: "\(path).url") ?? string(item["external_url"], field: "\(path).external_url")
        draft.link = link.map { URLResolver.resolve($0, against: base) }
        if let html = string(item["content_html"], field: "\(path).content_html") {
            draft.content = FragmentSanitizer.sanitize(html, base: base, buildsHTML: true)
        } else if let plain = string(item["content_text"], field: "\(path).content_text") {
            draft.content = plainValue(plain)
        }
        if let summary = string(item["summary"], field: "\(path).summary") {
            draft.summary = plainValue(summary)
        }
        draft.published = date(item["date_published"], field: "\(path).date_published")
        draft.updated = date(item["date_modified"], field: "\(path).date_modified")
        draft.author = author(in: item, path: "\(path).")
        if let tags = item["tags"] as? [Any] {
            draft.categories = tags.compactMap { ($0 as? String)?.trimmingASCIISpaces }.filter { !$0.isEmpty }
        }
        draft.language = string(item["language"], field: "\(path).language") ?? feedLanguage
        return draft.entry()
    }

    /// Plain text as both the value and its visible text (white space collapsed).
    private func plainValue(_ text: String) -> ContentValue {
        var builder = TextBuilder()
        builder.append(text)
        return ContentValue(value: text, text: builder.string)
    }

    /// The author's name: 1.1's `authors` (names joined), else 1.0's `author`.
    private mutating func author(in object: [String: Any], path: String) -> String? {
        var people: [[String: Any]] = []
        if let authors = object["authors"] as? [Any] {
            people = authors.compactMap { $0 as? [String: Any] }
        } else if let author = object["author"] as? [String: Any] {
            people = [author]
        }
        let names = people.compactMap { person in
            string(person["name"], field: "\(path)author.name") ?? string(person["url"], field: "\(path)author.url")
        }
        return names.isEmpty ? nil : names.joined(separator: ", ")
    }

    /// A trimmed string field; a number is accepted as its digits (ids often are);
    /// anything else is ignored with a warning.
    private mutating func string(_ value: Any?, field: String) -> String? {
        switch value {
        case nil, is NSNull:
            return nil
        case let string as String:
            let trimmed = string.trimmingASCIISpaces
            return trimmed.isEmpty ? nil : trimmed
        case let number as NSNumber where !JSONFeedReader.isBoolean(number):
            return number.stringValue
        default:
            if warnings.count < 20 { warnings.append("`\(field)` is not a string; ignored") }
            return nil
        }
    }

    private mutating func date(_ value: Any?, field: String) -> Date? {
        guard let raw = string(value, field: field) else { return nil }
        if let date = RFC3339.date(raw) ?? FeedDate.parse(raw) { return date }
        warnings.append("unreadable date \"\(raw.prefix(60))\" in `\(field)`")
        return nil
    }

    /// `true` and `false` come back as NSNumbers too; their type code is `c`.
    private static func isBoolean(_ number: NSNumber) -> Bool {
        String(cString: number.objCType) == "c"
    }

    /// JSONSerialization's complaint in words, with the line of the fault when it says where.
    private static func describe(_ error: any Error, in bytes: UnsafeRawBufferPointer) -> String {
        let nsError = error as NSError
        var detail = (nsError.userInfo[NSDebugDescriptionErrorKey] as? String) ?? ""
        if detail.isEmpty { return "the document is not valid JSON" }
        while detail.hasSuffix(".") { detail.removeLast() }
        // "Invalid value around character 12": say which line that is.
        if let range = detail.range(of: "around character "),
            let offset = Int(detail[range.upperBound...].prefix { $0.isNumber }), offset <= bytes.count
        {
            let line = 1 + bytes[..<offset].reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
            detail += " (line \(line))"
        }
        return detail.lowercasedFirst
    }
}
