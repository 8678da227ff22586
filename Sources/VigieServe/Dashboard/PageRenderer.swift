import Foundation
import HTTPTypes
import Hummingbird
import Mustache
import NIOCore

/// Renders the dashboard's pages: a page template inside `layout.mustache`, with the words of the chosen
/// language and what every page shows (navigation, unread counter, links to the other language).
struct PageRenderer: Sendable {
    let library: MustacheLibrary
    /// The key sessions are signed with (the log-out form carries the session's CSRF token).
    let sessionKey: [UInt8]

    /// Loads every template of `directory/Templates`.
    init(resources directory: URL, sessionKey: [UInt8]) async throws {
        library = try await MustacheLibrary(directory: directory.appendingPathComponent("Templates").path)
        self.sessionKey = sessionKey
    }

    /// The page `template` with `values`, as an HTML response.
    func page(
        _ template: String, title: String, values: [String: Any], request: Request, context: ServeContext,
        language: Localization, unread: Int?, status: HTTPResponse.Status = .ok
    ) -> Response {
        var values = values
        values["t"] = language.words
        values["lang"] = language.rawValue
        let content = library.render(values, withTemplate: template) ?? "template \(template) is missing"
        var layout: [String: Any] = [
            "t": language.words, "lang": language.rawValue, "title": title, "content": content, "page": template,
            "nav_\(template == "alert" ? "alerts" : template)": true,
            "self_en": Self.switchLanguage(request, to: .english), "self_fr": Self.switchLanguage(request, to: .french),
        ]
        if let unread, unread > 0 { layout["unread_total"] = DashboardRoutes.badge(unread) }
        if let session = context.session, session.authenticated {
            layout["logout_csrf"] = session.csrfToken(key: sessionKey)
        }
        let html = library.render(layout, withTemplate: "layout") ?? content
        return Response(
            status: status, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: html)))
    }

    /// The same page in another language.
    static func switchLanguage(_ request: Request, to language: Localization) -> String {
        var items = URLComponents(string: request.uri.description)?.queryItems ?? []
        items.removeAll { $0.name == "lang" }
        items.append(URLQueryItem(name: "lang", value: language.rawValue))
        var components = URLComponents()
        components.path = request.uri.path
        components.queryItems = items
        return components.string ?? "/?lang=\(language.rawValue)"
    }
}
