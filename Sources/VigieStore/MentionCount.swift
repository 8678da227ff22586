/// How many mentions one brand has under a filter, by label.
public struct MentionCount: Sendable, Hashable {
    public var brand: String
    public var total: Int
    public var negative: Int
    public var neutral: Int
    public var positive: Int

    public init(brand: String, total: Int, negative: Int, neutral: Int, positive: Int) {
        self.brand = brand
        self.total = total
        self.negative = negative
        self.neutral = neutral
        self.positive = positive
    }
}
