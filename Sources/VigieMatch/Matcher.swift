import VigieCore

/// Finds every configured brand in a text.
///
/// The text is folded and tokenised once; every brand's compiled query is then
/// evaluated on the same word index (a hash lookup per term), so the cost grows
/// with the number of terms, not with the length of the text times the brands.
///
/// ```swift
/// let matcher = Matcher(brands: [try Brand(name: "Orange")])
/// matcher.matches(in: "L’Orange de Paris", language: .french)
/// // [BrandMatch(brand: "Orange", terms: ["Orange"])]
/// ```
public struct Matcher: Sendable {
    /// The brands, in the order matches are reported.
    public let brands: [Brand]

    /// A matcher for `brands`, tried in this order.
    public init(brands: [Brand]) {
        self.brands = brands
        var anchorIndex: [Token: [Int]] = [:]
        var unanchored: [Int] = []
        for (number, brand) in brands.enumerated() {
            if brand.anchors.isEmpty { unanchored.append(number) }
            for anchor in brand.anchors { anchorIndex[anchor, default: []].append(number) }
        }
        self.anchorIndex = anchorIndex
        self.unanchored = unanchored
    }

    /// Brands without anchors, always tried (none, for brands built by ``Brand/init``).
    private let unanchored: [Int]

    /// For each first word of a term, the brands (by index) that have such a term.
    private let anchorIndex: [Token: [Int]]

    /// Every brand mentioned in `text`, in the order of ``brands``.
    ///
    /// - Parameters:
    ///   - text: the entry's plain text (title and body).
    ///   - language: the entry's language when known; brands that do not keep
    ///     it are skipped. `nil` keeps every brand.
    ///   - names: when given, only the brands with these names are tried (a
    ///     source's `brands:` filter).
    public func matches(in text: String, language: Language? = nil, only names: Set<String>? = nil) -> [BrandMatch] {
        matches(in: TokenizedText(text), language: language, only: names)
    }

    /// Every brand mentioned in a text already tokenised.
    public func matches(
        in text: TokenizedText, language: Language? = nil, only names: Set<String>? = nil
    ) -> [BrandMatch] {
        // Only brands with a term starting with one of the text's words can match:
        // look the text's distinct words up once, rather than every brand's terms.
        var candidates = [Bool](repeating: false, count: brands.count)
        var any = !unanchored.isEmpty
        for number in unanchored { candidates[number] = true }
        if text.distinctTokens.count < anchorIndex.count {
            for token in text.distinctTokens {
                guard let numbers = anchorIndex[token] else { continue }
                for number in numbers { candidates[number] = true }
                any = true
            }
        } else {
            for (anchor, numbers) in anchorIndex where text.contains(anchor) {
                for number in numbers { candidates[number] = true }
                any = true
            }
        }
        guard any else { return [] }
        var found: [BrandMatch] = []
        for (number, brand) in brands.enumerated()
        where candidates[number] && brand.keeps(language) && names?.contains(brand.name) != false {
            if let match = brand.matchCandidate(text) { found.append(match) }
        }
        return found
    }
}
