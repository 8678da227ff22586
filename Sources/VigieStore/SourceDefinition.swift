import Foundation

/// A source as the configuration declares it: what ``VigieDatabase/syncSources(_:)`` takes.
public struct SourceDefinition: Sendable, Hashable {
    /// The source's URL (`https://`, `http://` or `file://`), as written in the configuration.
    /// It identifies the source: renaming keeps the history, changing the URL starts a new source.
    public var url: String
    /// The name shown to people.
    public var name: String
    /// `auto`, `rss`, `atom` or `html`.
    public var kind: String
    /// The politeness key of the source's host (the fetcher's `HostKey`): the unit of a ``HostLease``.
    public var host: String

    /// A source of `kind` (default `auto`) on `host` (by default the URL's host, lowercased, or the URL
    /// itself when it has none, as a `file://` URL).
    public init(url: String, name: String, kind: String = "auto", host: String? = nil) {
        self.url = url
        self.name = name
        self.kind = kind
        self.host = host ?? URL(string: url)?.host.flatMap { $0.isEmpty ? nil : $0.lowercased() } ?? url
    }

    /// Checks a configuration's sources before any store syncs them: every URL non-empty and listed once.
    /// - Throws: ``StoreError`` `.invalidValue` naming the source.
    static func check(_ sources: [SourceDefinition]) throws {
        var seen = Set<String>()
        for source in sources {
            if source.url.isEmpty {
                throw StoreError(
                    .invalidValue, operation: "syncing sources", subject: source.name,
                    reason: "the source has an empty URL")
            }
            if !seen.insert(source.url).inserted {
                throw StoreError(
                    .invalidValue, operation: "syncing sources", subject: source.url, reason: "the URL is listed twice")
            }
        }
    }
}
