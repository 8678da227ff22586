import Foundation
import HTTPTypes
import VigieConfig
import VigieCore
import VigieStore

/// A query string read strictly: every name must be one the route knows, each at most once unless it
/// repeats by design, each value well-formed. Anything else is a 400 that names the parameter and says why.
struct QueryParameters {
    private var values: [String: [String]] = [:]

    /// Reads `query` (the raw text after `?`) for a route that takes `allowed` names, of which `repeatable`
    /// may come several times.
    /// `ignoringEmpty`: a parameter with an empty value counts as absent (the dashboard's forms send every
    /// field, empty ones included); the API says an empty value is an error.
    init(
        _ query: String?, allowed: Set<String>, repeatable: Set<String> = [], ignoringEmpty: Bool = false
    ) throws(APIError) {
        guard let query, !query.isEmpty else { return }
        for pair in query.split(separator: "&", omittingEmptySubsequences: false) {
            if pair.isEmpty { continue }
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = Self.decode(parts[0]) else {
                throw APIError(.badRequest, "query string: malformed percent-encoding in \"\(parts[0])\"")
            }
            guard allowed.contains(name) else {
                let known = allowed.sorted().joined(separator: ", ")
                throw .parameter(name, "unknown parameter; this route takes \(known.isEmpty ? "none" : known)")
            }
            guard parts.count == 2 else { throw .parameter(name, "needs a value (\(name)=…)") }
            guard let value = Self.decode(parts[1]) else {
                throw .parameter(name, "malformed percent-encoding in its value")
            }
            if ignoringEmpty && value.trimmedOfWhitespace.isEmpty { continue }
            if values[name] != nil && !repeatable.contains(name) {
                throw .parameter(name, "given more than once")
            }
            values[name, default: []].append(value)
        }
    }

    private static func decode(_ text: Substring) -> String? {
        String(text).replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }

    /// Every value of a repeatable parameter (a comma-separated value counts as several).
    func list(_ name: String) -> [String] {
        (values[name] ?? []).flatMap { $0.split(separator: ",").map { String($0).trimmedOfWhitespace } }
            .filter { !$0.isEmpty }
    }

    /// The value of `name`, or `nil`; an empty value is an error.
    func string(_ name: String) throws(APIError) -> String? {
        guard let value = values[name]?.first else { return nil }
        guard !value.trimmedOfWhitespace.isEmpty else { throw .parameter(name, "is empty") }
        return value
    }

    /// A time in the forms of `vigie mentions --since`.
    func time(_ name: String, now: Date) throws(APIError) -> Date? {
        guard let text = try string(name) else { return nil }
        guard let date = TimeBoundText.date(text, now: now) else {
            throw .parameter(name, "\"\(text)\" is not a time: use \(TimeBoundText.forms)")
        }
        return date
    }

    /// A whole number in `range`.
    func integer(_ name: String, in range: ClosedRange<Int>) throws(APIError) -> Int? {
        guard let text = try string(name) else { return nil }
        guard let value = Int(text), range.contains(value) else {
            throw .parameter(name, "\"\(text)\" must be a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return value
    }

    /// `true` or `false`.
    func bool(_ name: String) throws(APIError) -> Bool? {
        guard let text = try string(name) else { return nil }
        switch text {
        case "true": return true
        case "false": return false
        default: throw .parameter(name, "\"\(text)\" must be true or false")
        }
    }

    /// One of an enumeration's raw values.
    func choice<T: RawRepresentable & CaseIterable>(_ name: String, _ type: T.Type) throws(APIError) -> T?
    where T.RawValue == String {
        guard let text = try string(name) else { return nil }
        guard let value = T(rawValue: text) else {
            throw .parameter(name, "\"\(text)\" must be one of \(T.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return value
    }

    /// A time zone identifier such as `Europe/Paris`.
    func timeZone(_ name: String) throws(APIError) -> TimeZone? {
        guard let text = try string(name) else { return nil }
        guard let zone = TimeZone(identifier: text) else {
            throw .parameter(name, "\"\(text)\" is not a time zone: use an IANA name such as Europe/Paris or UTC")
        }
        return zone
    }

    /// Brand names, each checked against the configured ones.
    func brands(_ name: String, known: [String]) throws(APIError) -> [String] {
        let brands = list(name)
        if !known.isEmpty, let unknown = brands.first(where: { !known.contains($0) }) {
            throw .parameter(name, "no brand named \"\(unknown)\"; the brands are \(known.joined(separator: ", "))")
        }
        return brands
    }
}
