/// One complaint libxml2 made while reading a document.
struct XMLDiagnostic: Sendable, Hashable {
    enum Level: Sendable { case warning, error, fatal }
    /// libxml2's `xmlParserErrors` code.
    var code: Int32
    var level: Level
    var line: Int
    var message: String

    /// `Entity 'eacute' not defined`: an HTML named entity in an XML feed.
    var isUndeclaredEntity: Bool { code == 26 || code == 27 }
    /// `&#X41;` and other character references XML refuses but feeds use.
    var isBadCharacterReference: Bool { code == 6 || code == 7 || code == 8 }
    /// A bare `&` (`Fish & Chips`, `?a=1&b=2`).
    var isBareAmpersand: Bool { code == 68 || code == 23 }
    /// Whether ``EntityRepair`` can fix what caused it.
    var isRepairable: Bool { isUndeclaredEntity || isBadCharacterReference || isBareAmpersand }
    /// `Input is not proper UTF-8` and other encoding failures.
    var isEncodingError: Bool { code == 9 || code == 81 || code == 6002 || code == 32 }
    /// The document nests deeper than libxml2 accepts, or an entity expands too much.
    var isResourceLimit: Bool { isEntityLoop || isTooDeep }
    var isEntityLoop: Bool { code == 89 || (code == 1 && message.contains("ntity")) }
    var isTooDeep: Bool { message.hasPrefix("Excessive depth") }
}
