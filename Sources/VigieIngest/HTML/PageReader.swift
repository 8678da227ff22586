import CLibXML2
import Foundation
import VigieCore

/// Reads a web page: by default the page is one entry (its title, canonical
/// link, publication date and main text); with ``PageSelectors`` each
/// selected element is an entry.
struct PageReader {
    let selectors: PageSelectors?

    func read(_ bytes: UnsafeRawBufferPointer, source: String, url: String?, charset: String?) -> FeedDocument {
        let encoding = PageCharset.decide(bytes, http: charset)
        // A Windows-1252 page is decoded here and read as a UTF-8 page is (libxml2 converts it through iconv).
        let decoded = encoding == "windows-1252" ? Windows1252.utf8(page: bytes) : nil
        let parsed =
            decoded.map { page in page.withUnsafeBytes { PageReader.parse($0, url: url, encoding: "UTF-8") } }
            ?? PageReader.parse(bytes, url: url, encoding: encoding)
        guard let document = parsed, let root = document.root else {
            return .failed(source, "no HTML found")
        }
        if PageReader.nestsDeeper(than: 256, root) {
            return .failed(source, "refused: elements nested more than 256 deep")
        }
        var result = FeedDocument(source: source, kind: .html, version: "html")
        var meta = PageMetadata()
        meta.read(root)
        result.title = meta.title
        result.language = root.attribute("lang").flatMap { $0.isEmpty ? nil : $0 }
        var base = meta.baseHref.map { URLResolver.resolve($0, against: url) } ?? url
        result.link = (meta.canonical ?? meta.ogURL).map { URLResolver.resolve($0, against: base) } ?? url
        // A page read from a file: its own canonical link is the best base there is.
        if base == nil, let link = result.link, URLResolver.hasScheme(link) { base = link }
        result.updated = meta.modified ?? meta.published
        result.author = meta.author
        result.subtitle = meta.description

        if let selectors {
            switch ItemSelection.select(selectors, in: document, base: base) {
            case .success(let entries):
                result.entries = entries.map { entry in
                    var entry = entry
                    entry.language = entry.language ?? result.language
                    return entry
                }
            case .failure(let message):
                result.error = message
            }
            return result
        }

        let content = MainContent(root: root)
        var walker = MarkupWalker(document: document, base: base, buildsHTML: true)
        walker.skipped = content.furniture
        walker.elements = content.elements
        for block in content.blocks {
            if content.blocks.count == 1 { walker.walkChildren(of: block) } else { walker.walk(block) }
        }
        let body = walker.text.string
        // The article usually opens with its own headline: do not say it twice.
        let text = meta.title.map { body.hasPrefix($0) } == true ? body : TextBuilder.sentences(meta.title, body)
        let published = meta.published ?? MainContent.firstTimeElement(in: content.blocks)
        let article = FeedEntry(
            id: result.link, title: meta.title, link: result.link, published: published, updated: meta.modified,
            author: meta.author, summary: meta.description,
            content: walker.htmlString.isEmpty ? nil : walker.htmlString,
            text: text, categories: meta.keywords, language: result.language, foundBy: .mainText)
        let found = PageYield(
            document: document, root: root, content: content, body: body, base: base, pageLink: result.link,
            title: meta.title, language: result.language, jsonLD: meta.jsonLD)
        let items = found.entries
        // A list page (reviews, a thread) is its items; an article comes first, then its comments.
        result.entries = found.itemsArePage ? items : [article] + items
        result.passages = found.passages
        return result
    }

    /// The page parsed by libxml2. Scripts and styles are emptied first in a page read as UTF-8: libxml2 reads
    /// them slowly, and no reader looks inside them but for JSON-LD, which is kept.
    private static func parse(_ bytes: UnsafeRawBufferPointer, url: String?, encoding: String) -> XMLDocument? {
        if encoding == "UTF-8", let emptied = RawTextCutOuts.cut(bytes),
            let document = emptied.withUnsafeBytes({ XMLDocument.html($0, url: url, encoding: encoding) })
        {
            return document
        }
        return XMLDocument.html(bytes, url: url, encoding: encoding)
    }

    /// Whether any element sits deeper than `limit` (libxml2's HTML parser,
    /// unlike its XML parser, sets no limit of its own).
    static func nestsDeeper(than limit: Int, _ root: XMLNode) -> Bool {
        var stack: [(XMLNode, Int)] = [(root, 1)]
        while let (node, depth) = stack.popLast() {
            if depth > limit { return true }
            var child = node.firstChild
            while let current = child {
                if current.isElement { stack.append((current, depth + 1)) }
                child = current.next
            }
        }
        return false
    }
}

/// What a page's `<head>` (and JSON-LD) says about it.
struct PageMetadata {
    var title: String?
    var ogTitle: String?
    var canonical: String?
    var ogURL: String?
    var baseHref: String?
    var published: Date?
    var modified: Date?
    var author: String?
    var description: String?
    var keywords: [String] = []
    /// The JSON-LD scripts, with the values they hold (`nil`: not JSON): ``StructuredItems`` reads its items
    /// from the same values rather than parse each script again.
    private(set) var jsonLD: [(script: XMLNode, value: Any?)] = []

    mutating func read(_ root: XMLNode) {
        var htmlTitle: String?
        visit(root, depth: 0) { node in
            if node.isNamedIgnoringCase("meta") {
                readMeta(node)
            } else if node.isNamedIgnoringCase("title") {
                if htmlTitle == nil { htmlTitle = PageMetadata.text(of: node) }
            } else if node.isNamedIgnoringCase("link") {
                if node.attribute("rel")?.lowercased() == "canonical", let href = node.attribute("href") {
                    canonical = canonical ?? href
                }
            } else if node.isNamedIgnoringCase("base") {
                baseHref = baseHref ?? node.attribute("href")
            } else if node.isNamedIgnoringCase("script") {
                if node.attribute("type")?.lowercased() == "application/ld+json" { readJSONLD(node) }
            }
        }
        let chosen = ogTitle ?? htmlTitle
        title = chosen.flatMap { $0.isEmpty ? nil : $0 }
    }

    private mutating func readMeta(_ node: XMLNode) {
        let key = (node.attribute("property") ?? node.attribute("name") ?? node.attribute("itemprop") ?? "")
            .lowercased()
        guard let content = node.attribute("content")?.trimmingWhitespaceAndNewlines, !content.isEmpty
        else { return }
        switch key {
        case "og:title", "twitter:title": ogTitle = ogTitle ?? content
        case "og:url": ogURL = ogURL ?? content
        case "article:published_time", "datepublished", "date", "pubdate", "dc.date", "dcterms.created":
            published = published ?? FeedDate.parse(content)
        case "article:modified_time", "og:updated_time", "datemodified", "dcterms.modified":
            modified = modified ?? FeedDate.parse(content)
        case "author", "article:author", "dc.creator":
            if !content.hasPrefix("http") { author = author ?? content }
        case "description", "og:description":
            description = description ?? content
        case "keywords", "news_keywords":
            if keywords.isEmpty {
                keywords = content.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter {
                    !$0.isEmpty
                }
            }
        default:
            break
        }
    }

    private mutating func readJSONLD(_ node: XMLNode) {
        let value = PageMetadata.jsonValue(of: node)
        jsonLD.append((node, value))
        guard let object = value else { return }
        var queue: [Any] = [object]
        var seen = 0
        while !queue.isEmpty && seen < 64 {
            let item = queue.removeFirst()
            seen += 1
            if let array = item as? [Any] {
                queue += array
                continue
            }
            guard let dictionary = item as? [String: Any] else { continue }
            if let graph = dictionary["@graph"] { queue.append(graph) }
            if let date = dictionary["datePublished"] as? String { published = published ?? FeedDate.parse(date) }
            if let date = dictionary["dateModified"] as? String { modified = modified ?? FeedDate.parse(date) }
            if let headline = dictionary["headline"] as? String, ogTitle == nil { ogTitle = headline }
            if author == nil {
                if let name = dictionary["author"] as? String {
                    author = name
                } else if let person = dictionary["author"] as? [String: Any], let name = person["name"] as? String {
                    author = name
                } else if let people = dictionary["author"] as? [[String: Any]],
                    let name = people.first?["name"] as? String
                {
                    author = name
                }
            }
        }
    }

    /// Visits every element (metadata can sit anywhere: JSON-LD and itemprop in the body).
    private func visit(_ node: XMLNode, depth: Int, _ body: (XMLNode) -> Void) {
        guard depth < 128 else { return }
        var child = node.firstChild
        while let current = child {
            if current.isElement {
                body(current)
                if current.firstChild != nil && !current.isNamedIgnoringCase("script")
                    && !current.isNamedIgnoringCase("style")
                {
                    visit(current, depth: depth + 1, body)
                }
            }
            child = current.next
        }
    }

    /// The text of `node` and its descendants, without the code of its scripts and styles.
    static func text(of node: XMLNode) -> String? {
        var builder = TextBuilder()
        appendText(of: node, to: &builder, depth: 0)
        let text = builder.string
        return text.isEmpty ? nil : text
    }

    private static func appendText(of node: XMLNode, to builder: inout TextBuilder, depth: Int) {
        guard depth < 64 else { return }
        for child in node.children {
            if child.type == XML_TEXT_NODE || child.type == XML_CDATA_SECTION_NODE, let content = child.contentBytes {
                builder.append(content)
            } else if child.isElement && !child.isNamedIgnoringCase("script") && !child.isNamedIgnoringCase("style") {
                appendText(of: child, to: &builder, depth: depth + 1)
            }
        }
    }

    /// The value a JSON-LD script holds (a bare string or number too), `nil` when it is not JSON.
    static func jsonValue(of script: XMLNode) -> Any? {
        guard let json = rawText(of: script), let data = json.data(using: .utf8) else { return nil }
        return try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
    }

    static func rawText(of node: XMLNode) -> String? {
        var bytes: [UInt8] = []
        for child in node.children {
            guard var p = child.content else { continue }
            while p.pointee != 0 {
                bytes.append(p.pointee)
                p += 1
            }
        }
        return bytes.isEmpty ? nil : String(decoding: bytes, as: UTF8.self)
    }
}
