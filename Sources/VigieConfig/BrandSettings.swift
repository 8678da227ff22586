import VigieMatch

/// One brand of the configuration: its compiled query and its extra lexicon.
public struct BrandSettings: Sendable {
    /// The compiled brand, ready for a ``VigieMatch/Matcher``.
    public var brand: Brand
    /// Extra sentiment words for this brand's mentions, if any.
    public var lexicon: LexiconSetting?
    /// The IANA time zone of the brand's market (`timezone:`), whose days and weeks its crisis detector
    /// learns, in place of `alerts: timezone:`. Checked when read.
    public var timeZone: String?

    /// A configured brand with its optional extra lexicon and time zone.
    public init(brand: Brand, lexicon: LexiconSetting? = nil, timeZone: String? = nil) {
        self.brand = brand
        self.lexicon = lexicon
        self.timeZone = timeZone
    }

    /// The brand's name.
    public var name: String { brand.name }
}
