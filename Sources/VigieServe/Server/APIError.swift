import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// An error answered as INTERFACE.md says: `{"error": "what is wrong and what to do"}` with its status.
public struct APIError: HTTPResponseError, Sendable {
    /// The HTTP status.
    public var status: HTTPResponse.Status
    /// What is wrong and what to do.
    public var message: String

    /// An error with its status and message.
    public init(_ status: HTTPResponse.Status, _ message: String) {
        self.status = status
        self.message = message
    }

    /// A 400 naming the query parameter at fault and why.
    public static func parameter(_ name: String, _ why: String) -> APIError {
        APIError(.badRequest, "query parameter \(name): \(why)")
    }

    /// The error as a JSON response.
    public func response(from request: Request, context: some RequestContext) throws -> Response {
        JSONResponse.make(["error": message], status: status)
    }
}
