import Foundation

/// Extra sentiment words for one brand, on top of the shipped lexicons.
public enum LexiconSetting: Sendable, Hashable {
    /// A lexicon file (absolute path), read by the scorer.
    case file(URL)
    /// Words and their valence, as written in the configuration (`panne: -2.5`);
    /// the scorer folds them the way it folds its own lexicons.
    case inline([String: Double])
}
