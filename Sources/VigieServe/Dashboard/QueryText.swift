import Foundation

/// Query strings written by the dashboard's links.
enum QueryText {
    /// `name=value&…` with every value percent-encoded, pairs with an empty value left out.
    static func make(_ pairs: [(String, String?)]) -> String {
        pairs.compactMap { name, value in
            guard let value, !value.isEmpty else { return nil }
            return "\(name)=\(encode(value))"
        }.joined(separator: "&")
    }

    /// A value percent-encoded for a query string (`&`, `=`, `+`, `#` included).
    static func encode(_ value: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~:/")
        return value.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }
}
