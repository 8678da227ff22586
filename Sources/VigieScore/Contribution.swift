/// One term that moved a text's score, for explaining an alert ("arnaque" −3.0, "pas mal" +1.5).
public struct Contribution: Sendable, Hashable, Codable {
    /// The term as the lexicon knows it (lower-cased; a phrase's words joined by spaces).
    public var term: String
    /// Its valence in this text, after negation, boosters, emphasis and contrast (-4…+4 scale
    /// before normalisation).
    public var valence: Double

    public init(term: String, valence: Double) {
        self.term = term
        self.valence = valence
    }
}
