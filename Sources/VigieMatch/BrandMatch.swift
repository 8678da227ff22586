/// That a brand was found in a text, and through which terms.
public struct BrandMatch: Sendable, Hashable, Codable {
    /// The brand's name.
    public var brand: String
    /// The terms that occurred and made the query hold, as written in the
    /// configuration, without duplicates, in the query's order.
    public var terms: [String]

    /// A match of `brand` through `terms`.
    public init(brand: String, terms: [String]) {
        self.brand = brand
        self.terms = terms
    }
}
