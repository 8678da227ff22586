import CLibXML2
import Foundation

/// Parses HTML found inside feeds (descriptions, escaped content) and
/// returns it sanitized, with its visible text.
struct FragmentParser {
    /// Parses `source` as an HTML fragment.
    func parse(_ source: String, base: String?, buildsHTML: Bool) -> ContentValue {
        var source = FragmentParser.literalMarkupDeclarations(source)
        let document = source.withUTF8 { buffer in
            XMLDocument.html(UnsafeRawBufferPointer(buffer), url: nil, encoding: "UTF-8")
        }
        guard let document, let root = document.root else {
            return ContentValue(value: "", text: "")
        }
        var walker = MarkupWalker(document: document, base: base, buildsHTML: buildsHTML)
        // libxml2 wraps a fragment in <html><body>; walk what the fragment itself holds.
        var container = root
        if root.isNamed("html") {
            for child in root.children where child.isElement && child.isNamed("body") {
                container = child
            }
        }
        if container.pointer == root.pointer && !root.isNamed("html") {
            walker.walk(root)
        } else {
            walker.walkChildren(of: container)
        }
        return ContentValue(value: buildsHTML ? walker.htmlString : "", text: walker.text.string)
    }

    /// `<!` that opens neither a comment nor a doctype (`<![CDATA[`, `<!'`) is
    /// text a writer typed, not markup: keep it visible instead of letting the
    /// HTML parser swallow it as a bogus comment.
    static func literalMarkupDeclarations(_ source: String) -> String {
        guard source.contains("<!") else { return source }
        var result = ""
        var rest = Substring(source)
        while let range = rest.range(of: "<!") {
            result += rest[..<range.lowerBound]
            let after = rest[range.upperBound...]
            if after.hasPrefix("--") || after.prefix(7).lowercased() == "doctype" {
                result += "<!"
            } else {
                result += "&lt;!"
            }
            rest = after
        }
        return result + rest
    }
}
