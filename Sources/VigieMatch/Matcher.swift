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
    }

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
        var found: [BrandMatch] = []
        for brand in brands where brand.keeps(language) && names?.contains(brand.name) != false {
            if let match = brand.match(text) { found.append(match) }
        }
        return found
    }
}
