/// A language Vigie scores: French or English.
public enum Language: String, Sendable, Hashable, Codable, CaseIterable {
    case french = "fr"
    case english = "en"
}
