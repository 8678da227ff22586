/// The summary of a sample of mentions, one implementation for both stores: each mention's top terms and the
/// source that carried it, folded into the terms that weighed most (with how many of the mentions each appears
/// in) and the sources that carried most of them; most first, ties by name.
///
/// Both stores read the sample with ``query(condition:sample:)`` and feed each row to ``add(topTerms:url:name:)``.
struct SampleTally {
    private var terms: [String: Int] = [:]
    private var sources: [String: (name: String, count: Int)] = [:]

    /// The newest `sample` mentions under `condition` (a ``MentionFilter`` `WHERE` text over `mention m`): their
    /// top terms (encoded), source URL and source name, the narrow columns the summary needs.
    static func query(condition: String, sample: Int) -> String {
        """
        SELECT m.top_terms, s.url, s.name FROM (
            SELECT m.entry_id, m.top_terms FROM mention m \(condition)
            ORDER BY m.time DESC, m.id DESC LIMIT \(max(0, sample))
        ) m JOIN entry e ON e.id = m.entry_id JOIN source s ON s.id = e.source_id
        """
    }

    /// Counts one mention: its top terms (as ``TermList`` encodes them) and its source.
    mutating func add(topTerms: String, url: String, name: String) {
        for term in Set(TermList.decode(topTerms)) { terms[term, default: 0] += 1 }
        sources[url, default: (name, 0)].count += 1
    }

    /// The `termLimit` terms and the `sourceLimit` sources counted most.
    func summary(terms termLimit: Int, sources sourceLimit: Int) -> (
        terms: [(term: String, count: Int)], sources: [(url: String, name: String, count: Int)]
    ) {
        (
            terms.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.prefix(termLimit).map { ($0.key, $0.value) },
            sources.sorted { ($1.value.count, $0.key) < ($0.value.count, $1.key) }.prefix(sourceLimit).map {
                ($0.key, $0.value.name, $0.value.count)
            }
        )
    }
}
