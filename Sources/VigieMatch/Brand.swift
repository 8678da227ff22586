import VigieCore

/// A brand to watch, with its query compiled for matching.
///
/// The brand matches an entry when:
/// - one of its ``terms`` occurs (the name itself when there are neither terms
///   nor a query), and
/// - its ``query`` holds, when it has one, and
/// - none of its entry-wide ``exclusions`` occurs.
///
/// An exclusion that contains one of the brand's terms, like `jus d'orange`
/// for `orange`, only hides the occurrences it covers: "Orange relève ses prix,
/// le jus d'orange aussi" still matches through its first word. An exclusion
/// that contains none of the terms (`football` for `orange`) rules the whole
/// entry out.
public struct Brand: Sendable, Identifiable {
    /// The brand's name, unique in a configuration.
    public let name: String
    /// The words and phrases that name the brand; any of them is enough.
    public let terms: [Term]
    /// An optional boolean query that must also hold.
    public let query: Query?
    /// Words and phrases that veto a match (see the type's description).
    public let exclusions: [Term]
    /// The languages to keep; empty keeps every language.
    public let languages: Set<Language>

    /// The query the brand really evaluates, exclusions included.
    public let effectiveQuery: Query
    /// The exclusions that contain one of the brand's terms: they hide only
    /// the occurrences they cover. The others are in ``effectiveQuery`` as `NOT`.
    public let maskingExclusions: [Term]
    /// The compiled form of `effectiveQuery`.
    let program: QueryProgram

    /// The brand's name, which identifies it.
    public var id: String { name }

    /// Compiles a brand.
    ///
    /// - Parameters:
    ///   - name: the brand's name, also its only term when `terms` is empty and `query` is `nil`.
    ///   - terms: words and phrases naming the brand (names, aliases, hashtags, handles).
    ///   - query: a boolean query that must hold as well.
    ///   - exclusions: words and phrases that veto a match.
    ///   - languages: the languages to keep; empty keeps all.
    /// - Throws: ``QueryError`` when the name must serve as the term and has no
    ///   letter or digit, or when there are no terms and the query holds without
    ///   finding anything (`NOT acme` alone).
    public init(
        name: String, terms: [Term] = [], query: Query? = nil, exclusions: [Term] = [],
        languages: Set<Language> = []
    ) throws(QueryError) {
        self.name = name
        self.terms = terms
        self.query = query
        self.exclusions = exclusions
        self.languages = languages

        var positive: Query
        switch (terms.isEmpty, query) {
        case (true, nil): positive = .term(try Term(name))
        case (true, let query?):
            guard !query.holdsWithoutAnyTerm else {
                throw QueryError(
                    query: query.description, line: 1, column: 1,
                    message: "this query holds for a text that mentions none of its terms (only NOT); "
                        + "add a term it must find, e.g. acme NOT \"acme bank\", or give the brand terms:")
            }
            positive = query
        case (false, nil): positive = terms.count == 1 ? .term(terms[0]) : .any(terms.map(Query.term))
        case (false, let query?):
            positive = .all([terms.count == 1 ? .term(terms[0]) : .any(terms.map(Query.term)), query])
        }
        let positiveTerms = positive.positiveTerms
        var masking: [Term] = []
        var vetoes: [Term] = []
        for exclusion in exclusions {
            if positiveTerms.contains(where: { $0.isContained(in: exclusion) }) {
                masking.append(exclusion)
            } else {
                vetoes.append(exclusion)
            }
        }
        if !vetoes.isEmpty {
            positive = .all([positive, .not(vetoes.count == 1 ? .term(vetoes[0]) : .any(vetoes.map(Query.term)))])
        }
        self.effectiveQuery = positive
        self.maskingExclusions = masking
        self.program = QueryProgram(positive)
    }

    /// The brand's own names as written: its terms and the words its query looks for (not
    /// those under `NOT`), and its name when that is the only term. A brand's own words carry
    /// no sentiment in its mentions ("United", "Free", "#Orange").
    public var ownTerms: [String] {
        var seen = Set<String>()
        var result: [String] = []
        for term in terms + effectiveQuery.positiveTerms where seen.insert(term.text).inserted {
            result.append(term.text)
        }
        return result
    }

    /// Whether a mention in `language` is kept (an unknown language always is).
    public func keeps(_ language: Language?) -> Bool {
        guard let language, !languages.isEmpty else { return true }
        return languages.contains(language)
    }

    /// Matches the brand against a text already folded and tokenised.
    ///
    /// - Returns: the match with the terms that made it, or `nil`.
    public func match(_ text: TokenizedText) -> BrandMatch? {
        // A brand's query never holds without one of its terms (see init), so
        // most brands stop here, before any allocation.
        guard program.resultWithoutTerms || anchors.contains(where: text.contains) else { return nil }
        return matchCandidate(text)
    }

    /// First words of which the brand cannot match a text without one.
    var anchors: [Token] { program.resultWithoutTerms ? [] : program.requiredAnchors }

    /// Matches a text known to hold one of the brand's ``anchors``.
    func matchCandidate(_ text: TokenizedText) -> BrandMatch? {
        var masks: [Span] = []
        for exclusion in maskingExclusions {
            masks.append(contentsOf: exclusion.occurrences(in: text))
        }
        guard let matched = program.evaluate(on: text, masks: masks) else { return nil }
        return BrandMatch(brand: name, terms: matched)
    }

    /// Matches the brand against a raw text (folds and tokenises it first).
    public func match(_ text: String) -> BrandMatch? {
        match(TokenizedText(text))
    }
}
