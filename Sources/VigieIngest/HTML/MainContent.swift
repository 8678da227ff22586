import CLibXML2
import Foundation

/// Finds the blocks that hold a page's article, the way a reader's eye does:
/// by their text rather than by their tags.
///
/// One walk measures every element (its text, the part of it that is link
/// text, its paragraphs). Each paragraph (a `<p>`, `<pre>`, `<blockquote>`,
/// or a block with text of its own) scores by its length and commas, and gives
/// its score to its parent, half to its grandparent and less further up, as
/// readability does; a block's score is then weighed by its link density and
/// its `class`/`id` words. The best block is the article, joined by those of
/// its siblings that score nearly as well (an article split by an ad slot).
///
/// Paragraphs inside furniture (navigation, comment sections, sidebars…) do not
/// count, except that a block marked as furniture by a word alone which holds
/// most of the page's paragraph text is the article after all (a blog theme's
/// `<div class="widget Blog">`).
struct MainContent {
    /// What one walk found out about an element.
    struct Figures {
        /// Bytes of text under the element (scripts and styles excluded).
        var text = 0
        /// Bytes of that text inside links.
        var linkText = 0
        /// The summed scores of the paragraphs under it (unweighted, furniture included).
        var paragraphs = 0.0
        /// The readability score it collected from the paragraphs near it (furniture excluded).
        var score = 0.0
        var verdict = Boilerplate.Verdict.content

        var linkDensity: Double { text == 0 ? 0 : Double(linkText) / Double(text) }
    }

    /// The page's elements, numbered.
    let elements: PageElements
    /// The figures of each element the walk measured, by element number (`nil` for the others:
    /// dropped elements and what they hold).
    private var figuresByNumber: [Figures?]
    /// The blocks to read, in document order (empty when the page has no body).
    private(set) var blocks: [XMLNode] = []
    /// Elements not read as part of the article.
    private(set) var furniture: ElementSet
    /// Comment sections and comments (not read as part of the article; their items are read apart).
    private(set) var commentSections: [XMLNode] = []
    /// The same, as a set.
    private(set) var commentSectionSet: ElementSet
    private var totalParagraphs = 0.0
    private var paragraphs: [(node: XMLNode, score: Double, scoresItself: Bool)] = []

    init(root: XMLNode) {
        elements = PageElements(root: root)
        figuresByNumber = Array(repeating: nil, count: elements.count)
        furniture = ElementSet(elements)
        commentSectionSet = ElementSet(elements)
        var body: XMLNode?
        _ = measure(root, depth: 0, body: &body)
        decideFurniture(root, depth: 0)
        score()
        blocks = choose() ?? body.map { [$0] } ?? [root]
    }

    /// What the walk found out about `node`, if it measured it.
    func figures(of node: XMLNode) -> Figures? {
        figuresByNumber[node.elementNumber]
    }

    // MARK: Measuring

    /// Measures `node`'s subtree; returns its figures (also stored).
    private mutating func measure(_ node: XMLNode, depth: Int, body: inout XMLNode?) -> Figures {
        var figures = Figures()
        guard depth < MarkupWalker.maximumDepth else { return figures }
        let kind = elements.kind(of: node)
        if body == nil, kind.name == "body" { body = node }
        figures.verdict = kind.verdict ?? Boilerplate.verdict(byAttributes: node)
        var ownText = 0
        var hasBlockChild = false
        var child = node.firstChild
        while let current = child {
            defer { child = current.next }
            if current.type == XML_TEXT_NODE || current.type == XML_CDATA_SECTION_NODE {
                let length = current.contentBytes.map(TextCounts.visibleBytes) ?? 0
                figures.text += length
                ownText += length
            } else if current.isElement {
                let childKind = elements.kind(of: current)
                if childKind.rule == .drop { continue }
                if childKind.isBlockElement { hasBlockChild = true }
                let inner = measure(current, depth: depth + 1, body: &body)
                figures.text += inner.text
                figures.linkText += childKind.isLink ? inner.text : inner.linkText
                figures.paragraphs += inner.paragraphs
            }
        }
        // A paragraph: `<p>`, `<pre>`, `<blockquote>`, a block of inline content only (readability
        // reads such a `<div>` as a `<p>`), or a block with text of its own between its blocks (its
        // text is a paragraph inside it: the block itself collects the score).
        let isParagraph = kind.isParagraph || (kind.isTextBlock && !hasBlockChild)
        let holdsParagraph = kind.isTextBlock && hasBlockChild && ownText >= 100
        if isParagraph || holdsParagraph, figures.text >= 25, figures.linkDensity < 0.5 {
            var commas = 0
            MainContent.countCommas(in: node, depth: 0, upTo: 3, into: &commas)
            let score = 1 + Double(commas) + min(Double(figures.text) / 100, 3)
            figures.paragraphs += score
            paragraphs.append((node, score, holdsParagraph))
        }
        figuresByNumber[node.elementNumber] = figures
        return figures
    }

    /// Adds the commas in the text of a paragraph (a sign of sentences, not of a list of links) to `count`,
    /// up to `limit`: a score counts no more.
    private static func countCommas(in node: XMLNode, depth: Int, upTo limit: Int, into count: inout Int) {
        guard depth < 8 else { return }
        var child = node.firstChild
        while let current = child, count < limit {
            defer { child = current.next }
            if current.type == XML_TEXT_NODE, let text = current.contentBytes {
                count += TextCounts.commas(text, upTo: limit - count)
            } else if current.isElement {
                countCommas(in: current, depth: depth + 1, upTo: limit, into: &count)
            }
        }
    }

    /// Marks furniture: structural furniture always, comment sections always (apart), elements marked
    /// by a word only when they do not hold most of the page's paragraphs.
    private mutating func decideFurniture(_ root: XMLNode, depth: Int) {
        totalParagraphs = readableParagraphs(root, depth: 0)
        var stack: [(XMLNode, Int)] = [(root, 0)]
        while let (node, depth) = stack.popLast() {
            guard depth < MarkupWalker.maximumDepth, let figures = self.figures(of: node) else { continue }
            switch figures.verdict {
            case .structural:
                furniture.insert(node)
                continue
            case .comments:
                furniture.insert(node)
                commentSections.append(node)
                commentSectionSet.insert(node)
                continue
            case .marked where readableParagraphs(node, depth: 0) < 0.5 * totalParagraphs || totalParagraphs == 0:
                furniture.insert(node)
                continue
            case .marked, .content:
                break
            }
            // Lists and blocks of links inside content ("read also", tag lists): furniture too.
            if figures.linkDensity > 0.6, figures.text < 2000,
                ["ul", "ol", "div", "section", "p", "table", "dl", "span"].contains(elements.kind(of: node).name)
            {
                furniture.insert(node)
                continue
            }
            var child = node.firstChild
            while let current = child {
                if current.isElement { stack.append((current, depth + 1)) }
                child = current.next
            }
        }
    }

    /// The paragraph scores under `node` outside structural furniture and comment sections.
    private func readableParagraphs(_ node: XMLNode, depth: Int) -> Double {
        guard depth < MarkupWalker.maximumDepth, let figures = self.figures(of: node) else { return 0 }
        if figures.verdict == .structural || figures.verdict == .comments { return 0 }
        var total = 0.0
        var inner = 0.0
        var child = node.firstChild
        while let current = child {
            if current.isElement {
                let paragraphs = self.figures(of: current)?.paragraphs ?? 0
                inner += paragraphs
                if paragraphs > 0 { total += readableParagraphs(current, depth: depth + 1) }
            }
            child = current.next
        }
        // The node's own paragraph score (when it is a paragraph itself).
        return total + max(0, figures.paragraphs - inner)
    }

    /// Whether `node` is furniture or sits inside furniture.
    private func isInsideFurniture(_ node: XMLNode) -> Bool {
        var current: XMLNode? = node
        while let here = current, here.isElement {
            if furniture.contains(here) { return true }
            current = here.parent
        }
        return false
    }

    // MARK: Scoring

    private mutating func score() {
        var initialised = ElementSet(elements)
        var scored: [Int] = []
        for (paragraph, score, scoresItself) in paragraphs where !isInsideFurniture(paragraph) {
            var ancestor = scoresItself ? paragraph : paragraph.parent
            var level = 0
            // A paragraph and its ancestors were all measured: their figures are there.
            while let node = ancestor, node.isElement, level < 5 {
                let number = node.elementNumber
                if !initialised.contains(node) {
                    initialised.insert(node)
                    scored.append(number)
                    figuresByNumber[number]!.score += initialScore(node)
                }
                let divider = level == 0 ? 1.0 : level == 1 ? 2.0 : Double(level * 3)
                figuresByNumber[number]!.score += score / divider
                ancestor = node.parent
                level += 1
            }
        }
        for number in scored {
            guard var figures = figuresByNumber[number] else { continue }
            figures.score *= 1 - figures.linkDensity
            figuresByNumber[number] = figures
        }
    }

    /// A block's score before its paragraphs: by its element and its `class`/`id` words.
    private func initialScore(_ node: XMLNode) -> Double {
        var score = Boilerplate.classWeight(node)
        switch elements.kind(of: node).name {
        case "article": score += 10
        case "div", "main", "section": score += 5
        case "pre", "td", "blockquote": score += 3
        case "address", "ol", "ul", "dl", "dd", "dt", "li", "form": score -= 3
        case "h1", "h2", "h3", "h4", "h5", "h6", "th": score -= 5
        case "body", "html": score -= 10
        default: break
        }
        if node.attribute("itemprop")?.lowercased() == "articlebody" { score += 30 }
        return score
    }

    // MARK: Choosing

    /// The best block and those of its siblings that belong with it, in document order.
    private func choose() -> [XMLNode]? {
        var best: (node: xmlNodePtr, score: Double)?
        for (number, figures) in figuresByNumber.enumerated() {
            guard let figures, figures.score > 0 else { continue }
            let pointer = elements.nodes[number].pointer
            // The lowest address among equal scores (as it was when figures were kept by address).
            if best == nil || figures.score > best!.score
                || (figures.score == best!.score && pointer < best!.node)
            {
                best = (pointer, figures.score)
            }
        }
        guard let best else { return nil }
        var top = XMLNode(best.node)
        // A block that is its parent's only content: the parent is the article's block.
        while let parent = top.parent, parent.isElement, !parent.isNamedIgnoringCase("body"),
            parent.elements.count == 1, !furniture.contains(parent)
        {
            top = parent
        }
        let threshold = max(10, best.score * 0.2)
        guard let parent = top.parent, parent.isElement else { return [top] }
        var chosen: [XMLNode] = []
        for sibling in parent.children where sibling.isElement {
            if sibling.pointer == top.pointer {
                chosen.append(sibling)
                continue
            }
            guard !furniture.contains(sibling), let figures = self.figures(of: sibling) else { continue }
            var belongs = figures.score >= threshold
            if !belongs, elements.kind(of: sibling).name == "p" {
                let density = figures.linkDensity
                belongs =
                    (figures.text > 80 && density < 0.25)
                    || (figures.text > 0 && density == 0 && PageMetadata.text(of: sibling)?.last == ".")
            }
            if belongs { chosen.append(sibling) }
        }
        return chosen
    }

    /// The first `<time datetime>` inside `nodes`, read as a date.
    static func firstTimeElement(in nodes: [XMLNode]) -> Date? {
        for node in nodes {
            if let found = firstTimeElement(in: node) { return found }
        }
        return nil
    }

    /// The first `<time datetime>` inside `node`, read as a date.
    static func firstTimeElement(in node: XMLNode) -> Date? {
        var stack: [(XMLNode, Int)] = [(node, 0)]
        while let (current, depth) = stack.popLast() {
            if current.isNamedIgnoringCase("time"), let value = current.attribute("datetime"),
                let date = FeedDate.parse(value)
            {
                return date
            }
            guard depth < 64 else { continue }
            var children: [XMLNode] = []
            var child = current.firstChild
            while let element = child {
                if element.isElement { children.append(element) }
                child = element.next
            }
            for element in children.reversed() { stack.append((element, depth + 1)) }
        }
        return nil
    }

    /// Bytes of text under `node`, scripts and styles excluded.
    static func textLength(_ node: XMLNode, depth: Int = 0) -> Int {
        guard depth < 256 else { return 0 }
        var total = 0
        var child = node.firstChild
        while let current = child {
            if current.type == XML_TEXT_NODE, let content = current.content {
                total += strlen(UnsafeRawPointer(content).assumingMemoryBound(to: CChar.self))
            } else if current.isElement && !current.isNamedIgnoringCase("script")
                && !current.isNamedIgnoringCase("style")
            {
                total += textLength(current, depth: depth + 1)
            }
            child = current.next
        }
        return total
    }
}
