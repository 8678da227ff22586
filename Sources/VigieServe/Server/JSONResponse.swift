import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import VigieCore

/// JSON bodies: UTF-8 objects, keys sorted, slashes unescaped.
enum JSONResponse {
    /// `object` (dictionaries, arrays, strings, numbers, booleans, `NSNull`) as a response.
    static func make(_ object: Any, status: HTTPResponse.Status = .ok) -> Response {
        var bytes: [UInt8] = []
        if !write(object, to: &bytes) {
            bytes = Array(#"{"error": "cannot encode the answer"}"#.utf8)
        }
        return Response(
            status: status, headers: [.contentType: "application/json; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    /// Appends `value` as JSON, keys sorted by their UTF-8 bytes; `false` for a value JSON cannot hold
    /// (a type other than those of ``make(_:status:)``, a number that is not finite).
    ///
    /// Written here rather than with `JSONSerialization`, which sorts keys with locale-aware string
    /// comparisons and bridges every value: that was four fifths of a daily timeline's answer time.
    static func write(_ value: Any, to bytes: inout [UInt8]) -> Bool {
        switch value {
        case let string as String:
            JSONLine.appendString(string, to: &bytes)
        case is NSNull:
            bytes += Array("null".utf8)
        case let object as [String: Any]:
            bytes.append(UInt8(ascii: "{"))
            for (index, key) in object.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }).enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                JSONLine.appendString(key, to: &bytes)
                bytes.append(UInt8(ascii: ":"))
                guard write(object[key]!, to: &bytes) else { return false }
            }
            bytes.append(UInt8(ascii: "}"))
        case let array as [Any]:
            bytes.append(UInt8(ascii: "["))
            for (index, element) in array.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                guard write(element, to: &bytes) else { return false }
            }
            bytes.append(UInt8(ascii: "]"))
        default:
            return writeScalar(value, to: &bytes)
        }
        return true
    }

    /// Booleans and numbers, told apart by their dynamic type: on Linux a Swift `Int` also casts to
    /// `Double` and to `NSNumber`, and an `NSNumber` parsed from JSON casts to `Bool`.
    private static func writeScalar(_ value: Any, to bytes: inout [UInt8]) -> Bool {
        let type = Swift.type(of: value)
        if type == Bool.self, let flag = value as? Bool {
            bytes += Array((flag ? "true" : "false").utf8)
        } else if type == Int.self, let integer = value as? Int {
            JSONLine.appendInteger(Int64(integer), to: &bytes)
        } else if type == Int64.self, let integer = value as? Int64 {
            JSONLine.appendInteger(integer, to: &bytes)
        } else if type == Double.self, let number = value as? Double {
            return appendDouble(number, to: &bytes)
        } else if let number = value as? NSNumber {
            // A parsed `true` or `false` is a subclass of NSNumber (`__NSCFBoolean`).
            if Swift.type(of: number) != NSNumber.self, value is Bool {
                bytes += Array((number.boolValue ? "true" : "false").utf8)
            } else {
                return appendDouble(number.doubleValue, to: &bytes)
            }
        } else {
            return false
        }
        return true
    }

    /// A whole number as an integer (as JSONSerialization writes `2.0`), any other as Swift's shortest
    /// form that reads back to the same `Double`.
    private static func appendDouble(_ number: Double, to bytes: inout [UInt8]) -> Bool {
        guard number.isFinite else { return false }
        if number == number.rounded(), abs(number) < 9e15 {
            JSONLine.appendInteger(Int64(number), to: &bytes)
        } else {
            bytes += Array(number.description.utf8)
        }
        return true
    }

    /// The request's body read as a JSON object, or a 400 saying what is wrong.
    static func object(of request: Request, limit: Int = 1 << 20) async throws -> [String: Any] {
        var request = request
        let buffer: ByteBuffer
        do {
            buffer = try await request.collectBody(upTo: limit)
        } catch {
            throw APIError(.contentTooLarge, "the request body is larger than \(limit) bytes")
        }
        let data = Data(buffer.readableBytesView)
        guard !data.isEmpty else { throw APIError(.badRequest, "the request needs a JSON object as its body") }
        guard let value = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) else {
            throw APIError(.badRequest, "the body is not valid JSON")
        }
        guard let object = value as? [String: Any] else {
            throw APIError(.badRequest, "the body must be a JSON object")
        }
        return object
    }
}
