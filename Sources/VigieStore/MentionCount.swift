/// How many mentions one brand has under a filter, by label.
public struct MentionCount: Sendable, Hashable {
    /// The brand name, as in the configuration.
    public var brand: String
    /// All mentions of the brand under the filter.
    public var total: Int
    /// Those labelled negative.
    public var negative: Int
    /// Those labelled neutral.
    public var neutral: Int
    /// Those labelled positive.
    public var positive: Int

    /// Counts for one brand.
    public init(brand: String, total: Int, negative: Int, neutral: Int, positive: Int) {
        self.brand = brand
        self.total = total
        self.negative = negative
        self.neutral = neutral
        self.positive = positive
    }
}
