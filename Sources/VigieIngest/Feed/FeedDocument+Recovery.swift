import Foundation
import VigieCore

extension FeedDocument {
    /// The first error libxml2 recovered from while reading the document, or `nil` when the document was
    /// well-formed (taken from the first "recovered from … at line N" warning ``FeedParser`` wrote).
    public var recovery: DocumentRecovery? {
        let prefix = "recovered from "
        guard let warning = warnings.first(where: { $0.hasPrefix(prefix) }) else { return nil }
        var message = Substring(warning.dropFirst(prefix.count))
        var line: Int?
        if let marker = message.range(of: " at line ", options: .backwards) {
            let digits = message[marker.upperBound...].prefix(while: \.isNumber)
            if let number = Int(digits) {
                line = number
                let rest = message[marker.upperBound...].dropFirst(digits.count)
                message = message[..<marker.lowerBound] + rest
            }
        }
        return DocumentRecovery(line: line, message: String(message))
    }
}
