/// A parsed entry together with the brands it mentions: what the watcher
/// hands to the store after matching and scoring.
///
/// An entry that mentions no brand is still worth recording (with empty
/// ``mentions``): the store then knows it has seen it and will not score it again.
public struct ScoredEntry: Sendable, Hashable {
    /// The entry as the parser gave it.
    public var entry: FeedEntry
    /// One value per brand found in the entry; empty when no brand matched.
    public var mentions: [BrandMention]

    /// An entry with the brands it mentions (none by default).
    public init(entry: FeedEntry, mentions: [BrandMention] = []) {
        self.entry = entry
        self.mentions = mentions
    }
}
