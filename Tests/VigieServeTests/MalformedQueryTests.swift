import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing
import VigieTestSupport

/// Bad query strings get a 400 whose JSON error names the parameter at fault, never a 500.
@Suite(.dedicatedThread) struct MalformedQueryTests {
    static let cases: [(uri: String, names: String)] = [
        ("/api/v1/mentions?limit=0", "limit"),
        ("/api/v1/mentions?limit=501", "limit"),
        ("/api/v1/mentions?limit=ten", "limit"),
        ("/api/v1/mentions?offset=-1", "offset"),
        ("/api/v1/mentions?label=angry", "label"),
        ("/api/v1/mentions?lang=de", "lang"),
        ("/api/v1/mentions?since=yesterday", "since"),
        ("/api/v1/mentions?until=2026-13-45T00:00:00Z", "until"),
        ("/api/v1/mentions?since=1h&until=2d", "until"),
        ("/api/v1/mentions?unread=yes", "unread"),
        ("/api/v1/mentions?brand=Nobody", "brand"),
        ("/api/v1/mentions?colour=red", "colour"),
        ("/api/v1/mentions?limit=5&limit=6", "limit"),
        ("/api/v1/mentions?q=", "q"),
        ("/api/v1/mentions?q=%ZZ", "q"),
        ("/api/v1/timeline?bucket=month", "bucket"),
        ("/api/v1/timeline?tz=Mars/Olympus", "tz"),
        ("/api/v1/timeline?since=7d&until=30d", "until"),
        ("/api/v1/alerts?since=last-week", "since"),
        ("/api/v1/sources?verbose=true", "verbose"),
        ("/api/v1/alerts/abc", "id"),
        ("/api/v1/timeline?bucket=hour&since=10000d", "bucket"),
    ]

    @Test func eachMalformedQueryIsA400NamingItsParameter() async throws {
        #expect(Self.cases.count >= 20)
        try await ServeFixture.withServer { client in
            for (uri, name) in Self.cases {
                let response = try await client.execute(uri: uri, method: .get)
                #expect(response.status == .badRequest, "\(uri): \(response.status)")
                let error = response.json["error"] as? String ?? ""
                #expect(error.contains(name), "\(uri): \(error)")
            }
        }
    }
}
