import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// Who may do what, for every request:
///
/// - `/healthz`, `/readyz` and `/static/…`: anyone.
/// - with neither a token nor a password (loopback only): requests whose `Host` is not a loopback name or
///   address get a 403 (DNS rebinding).
/// - `/metrics`: loopback clients, or anyone with `public_metrics: true`.
/// - `/api/v1/…`: with a token configured, `Authorization: Bearer TOKEN` (401 otherwise); with only a password,
///   a logged-in session; with neither (loopback only), anyone.
/// - the dashboard: a logged-in session when a token or a password is configured (else a redirect to `/login`).
/// - every state-changing request (POST, PATCH, PUT, DELETE) not authenticated by a Bearer token carries the
///   session's CSRF token (form field `csrf` or header `X-CSRF-Token`): 403 otherwise.
///
/// Every response carries the security headers (Content-Security-Policy and friends), and a session cookie
/// (`HttpOnly; SameSite=Strict`) when the request had none.
struct AccessMiddleware: RouterMiddleware {
    typealias Context = ServeContext
    let settings: ServerSettings

    /// The Content-Security-Policy of every response: our own scripts, styles and images only.
    static let contentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
        + "frame-ancestors 'none'; base-uri 'none'; connect-src 'self'"

    func handle(
        _ request: Request, context: ServeContext, next: (Request, ServeContext) async throws -> Response
    ) async throws -> Response {
        var context = context
        var request = request
        let existing = request.cookies[Session.cookieName].flatMap {
            Session(cookie: $0.value, key: settings.sessionKey)
        }
        let session = existing ?? Session.fresh()
        context.session = session
        var response: Response
        do {
            try await authorize(&request, &context, session: session)
            response = try await next(request, context)
        } catch let error as APIError {
            response = try error.response(from: request, context: context)
        } catch let redirect as LoginRedirect {
            response = redirect.response
        }
        let routeSetSession = response.headers[values: .setCookie].contains { $0.hasPrefix(Session.cookieName + "=") }
        if existing == nil && !routeSetSession {
            response.setCookie(Self.cookie(session, key: settings.sessionKey))
        }
        response.headers[.contentSecurityPolicy] = Self.contentSecurityPolicy
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[HTTPField.Name("Referrer-Policy")!] = "same-origin"
        response.headers[HTTPField.Name("X-Frame-Options")!] = "DENY"
        return response
    }

    /// The session cookie: HttpOnly, SameSite=Strict, for the whole site.
    static func cookie(_ session: Session, key: [UInt8]) -> Cookie {
        Cookie(
            name: Session.cookieName, value: session.cookieValue(key: key), path: "/", httpOnly: true,
            sameSite: .strict)
    }

    private func authorize(_ request: inout Request, _ context: inout ServeContext, session: Session) async throws {
        let path = request.uri.path
        if path == "/healthz" || path == "/readyz" || path.hasPrefix("/static/") { return }
        // With no login, only loopback may reach the server, and a page from elsewhere must not either:
        // a site whose name an attacker re-points at 127.0.0.1 (DNS rebinding) sends its own name as Host.
        if !settings.requiresLogin, let authority = request.head.authority,
            !ServerSettings.isLoopback(Self.host(ofAuthority: authority))
        {
            throw APIError(
                .forbidden,
                "this server answers requests addressed to localhost, 127.0.0.1 or [::1] only (Host: \(authority)); "
                    + "to reach it by another name, configure a token or a password (serve: in vigie.yaml)")
        }
        if path == "/metrics" {
            guard settings.publicMetrics || context.isLoopbackClient else {
                throw APIError(.forbidden, "/metrics answers loopback clients only; set serve: public_metrics: true")
            }
            return
        }
        var bearer = false
        if path.hasPrefix("/api/") {
            if let token = settings.token {
                guard let header = request.headers[.authorization], header.hasPrefix("Bearer "),
                    ConstantTime.equal(String(header.dropFirst("Bearer ".count)), token)
                else {
                    throw APIError(
                        .unauthorized, "this API needs Authorization: Bearer TOKEN (serve: token_env in vigie.yaml)")
                }
                bearer = true
            } else if settings.requiresLogin && !session.authenticated {
                throw APIError(
                    .unauthorized,
                    "log in on the dashboard first, or configure serve: token_env and send a Bearer token")
            }
        } else if settings.requiresLogin && !session.authenticated && path != "/login" {
            throw LoginRedirect(target: request.uri.description)
        }
        guard !bearer, [.post, .patch, .put, .delete].contains(request.method) else { return }
        try await checkCSRF(&request, session: session)
    }

    /// The host of a `Host` header: `[::1]:8080` → `[::1]`, `localhost:8080` → `localhost`.
    static func host(ofAuthority authority: String) -> String {
        if authority.hasPrefix("["), let end = authority.firstIndex(of: "]") {
            return String(authority[...end])
        }
        guard let colon = authority.lastIndex(of: ":"), authority.firstIndex(of: ":") == colon else { return authority }
        return String(authority[..<colon])
    }

    /// Checks the CSRF token of a state-changing request: in the header, else in the urlencoded form (read
    /// here, then handed on).
    private func checkCSRF(_ request: inout Request, session: Session) async throws {
        let expected = session.csrfToken(key: settings.sessionKey)
        if let header = request.headers[HTTPField.Name(Session.csrfHeader)!] {
            guard ConstantTime.equal(header, expected) else { throw Self.csrfError }
            return
        }
        guard request.headers[.contentType]?.hasPrefix("application/x-www-form-urlencoded") == true else {
            throw Self.csrfError
        }
        let buffer = try await request.collectBody(upTo: 1 << 16)
        let form = FormFields(String(buffer: buffer))
        guard let token = form.first(Session.csrfField), ConstantTime.equal(token, expected) else {
            throw Self.csrfError
        }
        request.body = RequestBody(buffer: buffer)
    }

    private static let csrfError = APIError(
        .forbidden,
        "missing or wrong CSRF token: reload the page and try again (scripts: send X-CSRF-Token or use a Bearer token)")
}

/// A dashboard page asked for without logging in: a redirect to `/login`.
struct LoginRedirect: Error {
    var target: String

    var response: Response {
        let next = target.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "/"
        return Response(status: .seeOther, headers: [.location: "/login?next=\(next)"])
    }
}
