import VigieMatch

/// One brand of the configuration: its compiled query and its extra lexicon.
public struct BrandSettings: Sendable {
    /// The compiled brand, ready for a ``VigieMatch/Matcher``.
    public var brand: Brand
    /// Extra sentiment words for this brand's mentions, if any.
    public var lexicon: LexiconSetting?

    /// A configured brand with its optional extra lexicon.
    public init(brand: Brand, lexicon: LexiconSetting? = nil) {
        self.brand = brand
        self.lexicon = lexicon
    }

    /// The brand's name.
    public var name: String { brand.name }
}
