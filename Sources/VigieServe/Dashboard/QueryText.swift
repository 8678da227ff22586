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

    /// A value percent-encoded for a query string (`&`, `=`, `+`, `#` and every byte outside ASCII letters,
    /// digits and `-._~:/` included), byte by byte: a chart links every bucket, and Foundation's
    /// `addingPercentEncoding` cost the main page a tenth of its time.
    static func encode(_ value: String) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(value.utf8.count)
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"), UInt8(ascii: ":"), UInt8(ascii: "/"):
                bytes.append(byte)
            default:
                bytes += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
