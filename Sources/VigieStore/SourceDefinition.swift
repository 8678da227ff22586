/// A source as the configuration declares it: what ``VigieDatabase/syncSources(_:)`` takes.
public struct SourceDefinition: Sendable, Hashable {
    /// The source's URL (`https://`, `http://` or `file://`), as written in the configuration.
    /// It identifies the source: renaming keeps the history, changing the URL starts a new source.
    public var url: String
    /// The name shown to people.
    public var name: String
    /// `auto`, `rss`, `atom` or `html`.
    public var kind: String

    /// A source of `kind` (default `auto`).
    public init(url: String, name: String, kind: String = "auto") {
        self.url = url
        self.name = name
        self.kind = kind
    }
}
