import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// JSON bodies: UTF-8 objects, keys sorted, slashes unescaped.
enum JSONResponse {
    /// `object` (dictionaries, arrays, strings, numbers, booleans, `NSNull`) as a response.
    static func make(_ object: Any, status: HTTPResponse.Status = .ok) -> Response {
        let data =
            (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]))
            ?? Data(#"{"error": "cannot encode the answer"}"#.utf8)
        return Response(
            status: status, headers: [.contentType: "application/json; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
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
