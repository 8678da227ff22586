import CLibXML2
import Foundation
import VigieCore

/// One item a page holds without selectors: a review, a forum post, a
/// comment, found in its repeated blocks or its structured data.
struct PageItem {
    /// The block it was read from (`nil` for JSON-LD).
    var node: XMLNode?
    var title: String?
    var text: String
    /// The block's `id`, for a link to the item itself.
    var anchor: String?
    var link: String?
    var published: Date?
    var author: String?
    var rating: Double?
    var bestRating: Double?
    var method: FeedEntry.FoundBy
    /// A comment (under an article) rather than an item of a list page.
    var isComment: Bool

    /// The item as an entry of the page at `pageLink`.
    func entry(pageLink: String?, language: String?) -> FeedEntry {
        let own = link ?? anchor.flatMap { anchor in pageLink.map { PageItem.link($0, anchor: anchor) } }
        let id = own ?? pageLink.map { PageItem.link($0, anchor: "item-" + PageItem.digest(text)) }
        return FeedEntry(
            id: id, title: title, link: own ?? pageLink, published: published, author: author,
            text: TextBuilder.sentences(title, text), language: language, foundBy: method, rating: rating,
            bestRating: bestRating)
    }

    /// `page` with `#anchor` (replacing a fragment it had).
    static func link(_ page: String, anchor: String) -> String {
        // The first `#` byte: splitting the `String` walked it by grapheme, 18 M instructions
        // on the bench's every tenth page (a `#` joined to a combining mark would now count too).
        // Found in the bytes: `utf8.firstIndex(of:)` cost 28 instructions a byte.
        var page = page
        let offset = page.withUTF8 { $0.firstIndex(of: UInt8(ascii: "#")) }
        let end = offset.map { page.utf8.index(page.utf8.startIndex, offsetBy: $0) } ?? page.utf8.endIndex
        return String(page[..<end]) + "#" + anchor
    }

    /// A short, stable digest of a text (FNV-1a, 64 bits, hexadecimal), for items with no anchor.
    static func digest(_ text: String) -> String {
        var text = text
        // Over the bytes in place: through `utf8`'s iterator, 7 instructions a byte more.
        let hash = text.withUTF8 { bytes in
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
            for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
            return hash
        }
        return String(hash, radix: 16)
    }
}

/// Reads a date as people write it on pages: what ``FeedDate`` reads, and
/// `12/05/2024`, `12.05.2024` (day first, as in French; month first only when
/// the day cannot be one), optionally followed by a time.
enum PageDate {
    static func parse(_ text: String) -> Date? {
        let trimmed = text.trimmingWhitespaceAndNewlines
        guard !trimmed.isEmpty, trimmed.utf8.count <= 64 else { return nil }
        if let date = FeedDate.parse(trimmed) { return date }
        // Words before the date ("Publié le 12/05/2024 à 10:30", "posted on May 3, 2024").
        let words = trimmed.split(whereSeparator: { $0 == " " || $0 == "\u{A0}" })
        for start in words.indices where start < 6 {
            let rest = words[start...].joined(separator: " ")
            if start > 0, let date = FeedDate.parse(rest) { return date }
            if let date = numeric(String(words[start]), time: words.dropFirst(start + 1).first.map(String.init)) {
                return date
            }
        }
        return nil
    }

    /// `dd/mm/yyyy`, `dd.mm.yyyy`, `dd-mm-yyyy` (or `mm/dd/yyyy` when the first cannot be a day's month).
    private static func numeric(_ word: String, time: String?) -> Date? {
        let parts = word.split(whereSeparator: { $0 == "/" || $0 == "." || $0 == "-" })
        guard parts.count == 3, let a = Int(parts[0]), let b = Int(parts[1]), var year = Int(parts[2]),
            parts[2].count == 4 || parts[2].count == 2
        else { return nil }
        if year < 100 { year += 2000 }
        var (day, month) = (a, b)
        if month > 12 && day <= 12 { (day, month) = (b, a) }
        guard (1...12).contains(month), (1...31).contains(day), (1970...2200).contains(year) else { return nil }
        var hour = 0
        var minute = 0
        if let time {
            let clock = time.lowercased().split(whereSeparator: { $0 == ":" || $0 == "h" })
            if clock.count >= 1, let h = Int(clock[0]), (0..<24).contains(h) {
                hour = h
                if clock.count >= 2, let m = Int(clock[1].prefix(2)), (0..<60).contains(m) { minute = m }
            }
        }
        let text = String(format: "%04d-%02d-%02dT%02d:%02d:00Z", year, month, day, hour, minute)
        return FeedDate.parse(text)
    }
}
