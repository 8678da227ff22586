import Foundation

/// The fields of an `application/x-www-form-urlencoded` body, in order.
struct FormFields: Sendable {
    private(set) var pairs: [(name: String, value: String)] = []

    init(_ body: String) {
        for pair in body.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ text: Substring) -> String {
                let plus = String(text).replacingOccurrences(of: "+", with: " ")
                return plus.removingPercentEncoding ?? plus
            }
            pairs.append((decode(parts[0]), parts.count > 1 ? decode(parts[1]) : ""))
        }
    }

    /// The first value of `name`.
    func first(_ name: String) -> String? {
        pairs.first { $0.name == name }?.value
    }

    /// Every value of `name`.
    func all(_ name: String) -> [String] {
        pairs.filter { $0.name == name }.map(\.value)
    }
}
