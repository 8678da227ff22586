import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing
import VigieServe
import VigieTestSupport

@Suite(.dedicatedThread) struct SecurityTests {
    @Test func aTokenIsRequiredWhenConfigured() async throws {
        try await ServeFixture.withServer(token: "right") { client in
            let none = try await client.execute(uri: "/api/v1/mentions", method: .get)
            #expect(none.status == .unauthorized)
            #expect((none.json["error"] as? String)?.contains("Bearer") == true)
            let wrong = try await client.execute(
                uri: "/api/v1/sources", method: .get, headers: [.authorization: "Bearer wrong"])
            #expect(wrong.status == .unauthorized)
            let prefix = try await client.execute(
                uri: "/api/v1/sources", method: .get, headers: [.authorization: "Bearer righ"])
            #expect(prefix.status == .unauthorized)
            let right = try await client.execute(
                uri: "/api/v1/sources", method: .get, headers: [.authorization: "Bearer right"])
            #expect(right.status == .ok)
            let retry = try await client.execute(uri: "/api/v1/alerts/1/retry", method: .post)
            #expect(retry.status == .unauthorized)
            // The dashboard sends people to the login page.
            let page = try await client.execute(uri: "/mentions", method: .get)
            #expect(page.status == .seeOther)
            #expect(page.headers[.location]?.hasPrefix("/login") == true)
            #expect(try await client.execute(uri: "/healthz", method: .get).status == .ok)
        }
    }

    /// A GET on the test server with the `Host` given (the test client always sends `localhost`).
    static func get(_ client: any TestClientProtocol, _ uri: String, host: String) async throws -> (
        status: HTTPResponse.Status, body: String
    ) {
        let raw = TestClient(
            host: "127.0.0.1", port: try #require(client.port), configuration: .init(timeout: .seconds(30)))
        raw.connect()
        do {
            let response = try await raw.execute(TestClient.Request(uri, method: .get, authority: host))
            try await raw.shutdown()
            return (response.head.status, String(buffer: response.body ?? ByteBuffer()))
        } catch {
            try? await raw.shutdown()
            throw error
        }
    }

    @Test func withoutLoginOnlyLoopbackHostsAreAnswered() async throws {
        try await ServeFixture.withServer { client in
            for host in ["localhost:8080", "127.0.0.1", "127.0.0.1:8080", "[::1]:8080", "LOCALHOST"] {
                #expect(try await Self.get(client, "/api/v1/sources", host: host).status == .ok, "Host: \(host)")
            }
            for host in ["evil.example", "evil.example:8080", "127.0.0.1.evil.example", "[2001:db8::1]:80"] {
                let api = try await Self.get(client, "/api/v1/sources", host: host)
                #expect(api.status == .forbidden, "Host: \(host)")
                #expect(api.body.contains("localhost"))
                #expect(try await Self.get(client, "/", host: host).status == .forbidden, "Host: \(host)")
            }
            #expect(try await Self.get(client, "/healthz", host: "probe.internal").status == .ok)
        }
        // With a password, another name is fine (the server may listen beyond loopback): the login decides.
        try await ServeFixture.withServer(password: "secret") { client in
            let page = try await Self.get(client, "/", host: "vigie.example.org")
            #expect(page.status == .seeOther)
        }
    }

    @Test func stateChangingRequestsWithoutTheirCSRFTokenAreRefused() async throws {
        try await ServeFixture.withServer { client in
            let (cookie, csrf) = try await client.session()
            #expect(!csrf.isEmpty)
            // The token with its first digit changed (a token starting with "0" given "0" again would be right).
            let wrongToken = (csrf.hasPrefix("0") ? "1" : "0") + csrf.dropFirst()
            let requests: [(String, HTTPRequest.Method, String)] = [
                ("/api/v1/mentions/mark-read", .post, #"{"until": "1h"}"#),
                ("/api/v1/mentions/1", .patch, #"{"read": true}"#),
                ("/api/v1/alerts/1/retry", .post, ""),
                ("/api/v1/backtest", .post, "{}"),
                ("/mentions/1/read", .post, "read=true"),
                ("/mentions/mark-read", .post, "until=1h"),
                ("/alerts/1/retry", .post, ""),
            ]
            for (uri, method, body) in requests {
                let bare = try await client.execute(
                    uri: uri, method: method,
                    headers: [.cookie: cookie, .contentType: "application/x-www-form-urlencoded"],
                    body: ByteBuffer(string: body))
                #expect(bare.status == .forbidden, "\(method) \(uri)")
                let wrong = try await client.execute(
                    uri: uri, method: method,
                    headers: [.cookie: cookie, HTTPField.Name("X-CSRF-Token")!: wrongToken],
                    body: ByteBuffer(string: body))
                #expect(wrong.status == .forbidden, "\(method) \(uri) with a wrong token")
            }
            // With the token: the JSON API in a header, the forms in a field.
            let api = try await client.execute(
                uri: "/api/v1/mentions/mark-read", method: .post,
                headers: [.cookie: cookie, HTTPField.Name("X-CSRF-Token")!: csrf], body: .json(#"{"until": "1h"}"#))
            #expect(api.status == .ok)
            let form = try await client.execute(
                uri: "/mentions/1/read", method: .post,
                headers: [.cookie: cookie, .contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "csrf=\(csrf)&read=true&back=%2Fmentions"))
            #expect(form.status == .seeOther)
            #expect(form.headers[.location] == "/mentions#m1")
            // Another browser's token does not fit this cookie.
            let (otherCookie, _) = try await client.session()
            let crossed = try await client.execute(
                uri: "/mentions/1/read", method: .post,
                headers: [.cookie: otherCookie, .contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "csrf=\(csrf)&read=true"))
            #expect(crossed.status == .forbidden)
        }
    }

    @Test func cookiesAndHeadersAreLockedDown() async throws {
        try await ServeFixture.withServer { client in
            let page = try await client.execute(uri: "/", method: .get)
            #expect(page.status == .ok)
            let cookie = try #require(page.headers[.setCookie])
            #expect(cookie.contains("HttpOnly"))
            #expect(cookie.contains("SameSite=Strict"))
            let policy = try #require(page.headers[.contentSecurityPolicy])
            #expect(policy.contains("default-src 'none'"))
            #expect(policy.contains("script-src 'self'"))
            #expect(!policy.contains("unsafe-inline"))
            #expect(page.headers[.xContentTypeOptions] == "nosniff")
        }
    }

    @Test func aPasswordGuardsTheDashboard() async throws {
        try await ServeFixture.withServer(password: "correct horse") { client in
            let (cookie, csrf) = try await client.session()
            #expect(csrf.isEmpty)  // redirected to the login page, which has its own form
            let login = try await client.execute(uri: "/login", method: .get, headers: [.cookie: cookie])
            let html = login.text
            let range = try #require(html.range(of: #"name="csrf" value=""#))
            let token = String(html[range.upperBound...].prefix { $0 != "\"" })
            let wrong = try await client.execute(
                uri: "/login", method: .post,
                headers: [.cookie: cookie, .contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "csrf=\(token)&password=nope&next=%2Falerts"))
            #expect(wrong.status == .unauthorized)
            let right = try await client.execute(
                uri: "/login", method: .post,
                headers: [.cookie: cookie, .contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "csrf=\(token)&password=correct+horse&next=%2Falerts"))
            #expect(right.status == .seeOther)
            #expect(right.headers[.location] == "/alerts")
            let authenticated = String((right.headers[.setCookie] ?? "").prefix { $0 != ";" })
            let alerts = try await client.execute(uri: "/alerts", method: .get, headers: [.cookie: authenticated])
            #expect(alerts.status == .ok)
            #expect(alerts.text.contains("ops"))

            // Logging out: a form on every page, refused without its CSRF token, then a session that is
            // not logged in.
            let page = alerts.text
            let logout = try #require(page.range(of: #"action="/logout"><input type="hidden" name="csrf" value=""#))
            let logoutToken = String(page[logout.upperBound...].prefix { $0 != "\"" })
            let forged = try await client.execute(
                uri: "/logout", method: .post,
                headers: [.cookie: authenticated, .contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "csrf=0"))
            #expect(forged.status == .forbidden)
            let out = try await client.execute(
                uri: "/logout", method: .post,
                headers: [.cookie: authenticated, .contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "csrf=\(logoutToken)"))
            #expect(out.status == .seeOther)
            #expect(out.headers[.location] == "/login")
            let anonymous = String((out.headers[.setCookie] ?? "").prefix { $0 != ";" })
            #expect(!anonymous.isEmpty && anonymous != authenticated)
            let after = try await client.execute(uri: "/alerts", method: .get, headers: [.cookie: anonymous])
            #expect(after.status == .seeOther)
        }
    }

    @Test(
        arguments: [
            ("0.0.0.0", nil, nil, false), ("192.168.1.10", "t", nil, true), ("::", nil, "p", true),
            ("127.0.0.1", nil, nil, true), ("localhost", nil, nil, true), ("::1", nil, nil, true),
            ("127.1.2.3", nil, nil, true), ("[::1]", nil, nil, true), ("0:0:0:0:0:0:0:1", nil, nil, true),
            // Names that only look like loopback.
            ("127.0.0.1.example.org", nil, nil, false), ("localhost.example.org", nil, nil, false),
            ("::2", nil, nil, false),
        ] as [(String, String?, String?, Bool)])
    func nonLoopbackNeedsATokenOrAPassword(host: String, token: String?, password: String?, allowed: Bool) {
        let settings = ServerSettings(host: host, port: 8080, token: token, password: password)
        #expect((settings.refusal == nil) == allowed)
        if let refusal = settings.refusal {
            #expect(refusal.contains("token_env"))
            #expect(refusal.contains("password_env"))
        }
    }
}
