import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import VigieCore
import VigieDetect
import VigieOutput
import VigieStore
import VigieWatch

/// The dashboard: server-rendered pages, plain forms for every action (POST, CSRF token, then a redirect
/// back), French and English.
struct DashboardRoutes {
    let store: ServeStore
    let pages: PageRenderer
    let resources: URL

    /// The periods the pickers offer.
    static let periods = ["24h", "7d", "30d", "90d", "365d"]

    func register(on router: Router<ServeContext>) {
        router.get("/") { request, context in try await overview(request, context) }
        router.get("mentions") { request, context in try await mentions(request, context) }
        router.post("mentions/:id/read") { request, context in
            let form = try await Self.form(request)
            let id = try MentionRoutes.id(context)
            try await store.notFoundAware {
                _ = try await store.database.setRead(mentionID: id, form.first("read") != "false")
            }
            return Self.back(form, anchor: "m\(id)")
        }
        router.post("mentions/:id/label") { request, context in
            let form = try await Self.form(request)
            let id = try MentionRoutes.id(context)
            let text = form.first("label") ?? ""
            let label: Sentiment.Label? = text == "scorer" ? nil : Sentiment.Label(rawValue: text)
            guard label != nil || text == "scorer" else {
                throw APIError(.badRequest, "label must be negative, neutral, positive or scorer")
            }
            try await store.notFoundAware { _ = try await store.database.relabel(mentionID: id, to: label) }
            return Self.back(form, anchor: "m\(id)")
        }
        router.post("mentions/mark-read") { request, _ in
            let form = try await Self.form(request)
            guard let text = form.first("until"), let until = store.time(text) else {
                throw APIError(.badRequest, "until must be a time")
            }
            _ = try await store.database.markRead(brands: form.all("brand").filter { !$0.isEmpty }, until: until)
            return Self.back(form, anchor: nil)
        }
        router.get("alerts") { request, context in try await alerts(request, context) }
        router.get("alerts/:id") { request, context in try await alert(request, context) }
        router.post("alerts/:id/retry") { request, context in
            let form = try await Self.form(request)
            let id = try MentionRoutes.id(context)
            try await store.notFoundAware { _ = try await store.database.retryDeliveries(alertID: id, at: store.now()) }
            return Self.back(form, anchor: "a\(id)")
        }
        router.get("backtest") { request, context in try await backtest(request, context) }
        router.get("sources") { request, context in try await sources(request, context) }
        router.get("login") { request, context in login(request, context, wrong: false) }
        router.post("login") { request, context in try await logIn(request, context) }
        router.post("logout") { _, _ in logOut() }
        router.get("download/timeline.csv") { request, _ in
            let report = try await TimelineRoutes.report(try Self.query(request), store: store)
            var bytes: [UInt8] = []
            TimelineCSV().write(report) { bytes += $0 }
            return Self.download(bytes, type: "text/csv; charset=utf-8", name: "timeline.csv")
        }
        router.get("download/timeline.svg") { request, _ in
            let report = try await TimelineRoutes.report(try Self.query(request), store: store)
            return Self.download(Array(TimelineChart().svg(report).utf8), type: "image/svg+xml", name: "timeline.svg")
        }
        router.get("download/mentions.csv") { request, _ in
            var filter = try MentionRoutes.filter(try Self.query(request), store: store, languageParameter: "language")
            filter.limit = Self.downloadLimit
            filter.offset = nil
            var csv = MentionCSV()
            var bytes = csv.start()
            try await store.database.forEachMention(filter) { bytes += csv.line($0) }
            return Self.download(bytes, type: "text/csv; charset=utf-8", name: "mentions.csv")
        }
        router.get("static/:file") { _, context in try staticFile(context.parameters.get("file") ?? "") }
        router.get("api/v1/openapi.yaml") { _, _ in try staticFile("openapi.yaml") }
    }

    /// The most rows the dashboard's mention download holds (`vigie export mentions` has no limit).
    static let downloadLimit = 100_000

    // MARK: Pages

    private func overview(_ request: Request, _ context: ServeContext) async throws -> Response {
        let query = try Self.query(request)
        let language = Self.language(request, query)
        let report = try await TimelineRoutes.report(query, store: store)
        let brand = query.list("brand").first
        let since = try query.string("since") ?? "30d"
        let bucket = try query.choice("bucket", BucketWidth.self) ?? .day
        let tz = try query.string("tz") ?? "UTC"
        let start = try query.time("since", now: store.now()) ?? store.now().addingTimeInterval(-30 * 86_400)
        let brandFilter = brand.map { [$0] } ?? []
        var filter = MentionFilter(brands: brandFilter, since: start)
        // Share of voice from the quarter-hour totals (as the timeline), not from the mentions.
        var counts: [(brand: String, total: Int, negative: Int)] = []
        for bucket in try await store.database.timeline(MentionFilter(since: start), bucket: .week, timeZone: .gmt) {
            if let index = counts.firstIndex(where: { $0.brand == bucket.brand }) {
                counts[index].total += bucket.total
                counts[index].negative += bucket.negative
            } else {
                counts.append((bucket.brand, bucket.total, bucket.negative))
            }
        }
        let total = max(1, counts.reduce(0) { $0 + $1.total })
        let timelineQuery = QueryText.make([
            ("brand", brand), ("since", since), ("bucket", bucket.rawValue), ("tz", tz),
        ])
        let mentionsQuery = QueryText.make([("brand", brand), ("since", since), ("lang", language.rawValue)])
        var chart = TimelineChart()
        let lang = language.rawValue
        chart.bucketLink = { row in
            "/mentions?"
                + QueryText.make([
                    ("brand", row.brand), ("since", RFC3339.format(row.start)), ("until", RFC3339.format(row.end)),
                    ("lang", lang),
                ])
        }
        filter.limit = 2_000
        let summary = try await store.database.sampleSummary(filter, sample: 2_000, terms: 15, sources: 10)
        let alerts = try await store.database.alerts(brand: brand, since: start, limit: 10)
        var share: [[String: Any]] = []
        for count in counts {
            share.append([
                "brand": count.brand, "brand_q": QueryText.encode(count.brand), "mentions": count.total,
                "share": Self.percent(Double(count.total) / Double(total)),
                "negative_share": Self.percent(count.total > 0 ? Double(count.negative) / Double(count.total) : 0),
                "unread": Self.badge(try await unread(brands: [count.brand])),
            ])
        }
        let values: [String: Any] = [
            "brands": try await store.allBrands().map { ["name": $0, "selected": $0 == brand] },
            "periods": (Self.periods.contains(since) ? Self.periods : [since] + Self.periods).map {
                ["value": $0, "selected": $0 == since]
            },
            "buckets": BucketWidth.allCases.map {
                ["value": $0.rawValue, "label": language[$0.rawValue], "selected": $0 == bucket]
            },
            "tz": tz, "since": since,
            "chart": Self.inline(chart.svg(report)),
            "timeline_query": timelineQuery, "mentions_query": mentionsQuery,
            "share": share,
            "alerts": alerts.map { Self.alertSummary($0) },
            "terms": summary.terms.map {
                ["term": $0.term, "term_q": QueryText.encode($0.term), "count": $0.count] as [String: Any]
            },
            "sources": summary.sources.map {
                ["name": $0.name, "url_q": QueryText.encode($0.url), "count": $0.count] as [String: Any]
            },
        ]
        return pages.page(
            "overview", title: language["overview"], values: values, request: request, context: context,
            language: language,
            unread: try await totalUnread())
    }

    private func mentions(_ request: Request, _ context: ServeContext) async throws -> Response {
        let query = try Self.query(request)
        let language = Self.language(request, query)
        let filter = try MentionRoutes.filter(query, store: store, languageParameter: "language")
        let rows = try await store.database.mentions(filter)
        let total = try await store.database.mentionTotal(filter, cap: nil)
        var unreadFilter = filter
        unreadFilter.unreadOnly = true
        let unread = Self.badge(try await store.database.mentionTotal(unreadFilter, cap: Self.unreadCap + 1))
        let csrf = context.session?.csrfToken(key: store.settings.sessionKey) ?? ""
        let back = request.uri.description
        let brand = filter.brands.first
        let pairs: [(String, String?)] = [
            ("brand", brand), ("label", filter.label?.rawValue), ("language", filter.language?.rawValue),
            ("source", filter.source), ("q", filter.text), ("since", try query.string("since")),
            ("until", try query.string("until")), ("unread", filter.unreadOnly ? "true" : nil),
            ("lang", language.rawValue),
        ]
        let offset = filter.offset ?? 0
        let limit = filter.limit ?? 50
        func page(_ offset: Int) -> String {
            "/mentions?" + QueryText.make(pairs + [("offset", offset > 0 ? String(offset) : nil)])
        }
        let values: [String: Any] = [
            "brands": try await store.allBrands().map { ["name": $0, "selected": $0 == brand] },
            "labels": Sentiment.Label.allCases.map {
                ["value": $0.rawValue, "label": language[$0.rawValue], "selected": $0 == filter.label]
            },
            "languages": Language.allCases.map { ["value": $0.rawValue, "selected": $0 == filter.language] },
            "source": filter.source ?? "", "q": filter.text ?? "", "since": try query.string("since") ?? "",
            "until": try query.string("until") ?? "", "unread_only": filter.unreadOnly,
            "unread": unread, "total": total,
            "mentions_query": QueryText.make(pairs),
            "mentions": rows.map { row in
                Self.mentionValues(row, language: language, csrf: csrf, back: back, brands: filter.brands)
            },
            "newer": offset > 0 ? page(max(0, offset - limit)) : false,
            "older": offset + rows.count < total ? page(offset + limit) : false,
        ]
        return pages.page(
            "mentions", title: language["mentions"], values: values, request: request, context: context,
            language: language,
            unread: try await totalUnread())
    }

    private func alerts(_ request: Request, _ context: ServeContext) async throws -> Response {
        let query = try Self.query(request)
        let language = Self.language(request, query)
        let brand = query.list("brand").first
        let alerts = try await store.database.alerts(
            brand: brand, since: try query.time("since", now: store.now()), limit: 200)
        let deliveries = try await store.database.deliveries(alertIDs: alerts.compactMap(\.id))
        let csrf = context.session?.csrfToken(key: store.settings.sessionKey) ?? ""
        let values: [String: Any] = [
            "alerts": alerts.map { alert -> [String: Any] in
                var values = Self.alertSummary(alert)
                values.merge(
                    Self.deliveryValues(deliveries[alert.id ?? 0] ?? [], language: language), uniquingKeysWith: { $1 })
                values["csrf"] = csrf
                values["back"] = request.uri.description
                return values
            }
        ]
        return pages.page(
            "alerts", title: language["alerts"], values: values, request: request, context: context, language: language,
            unread: try await totalUnread())
    }

    private func alert(_ request: Request, _ context: ServeContext) async throws -> Response {
        let query = try Self.query(request)
        let language = Self.language(request, query)
        let id = try MentionRoutes.id(context)
        guard let alert = try await store.database.alert(id: id) else {
            throw APIError(.notFound, "alert \(id): no such alert")
        }
        let (evidence, terms) = try await AlertRoutes.evidence(alert, store: store)
        let explanation =
            (try? JSONSerialization.jsonObject(with: Data(alert.explanation.utf8))) as? [String: Any] ?? [:]
        let window = explanation["window"] as? [String: Any] ?? [:]
        var values = Self.alertSummary(alert)
        values.merge(
            Self.deliveryValues(try await store.database.deliveries(alertIDs: [id])[id] ?? [], language: language),
            uniquingKeysWith: { $1 })
        values["csrf"] = context.session?.csrfToken(key: store.settings.sessionKey) ?? ""
        values["back"] = request.uri.description
        values["raised_at"] = RFC3339.format(alert.raisedAt)
        values["negative_share"] = Self.percent(alert.share)
        values["usual_share"] = (explanation["usual_negative_share"] as? Double).map(Self.percent) ?? "?"
        if !window.isEmpty {
            values["window"] =
                "\(window["test"] ?? "?"): \(window["negative"] ?? "?")/\(window["mentions"] ?? "?") "
                + "\(language["negative"]) \(language["since"].lowercased()) \(window["since"] ?? "?"), "
                + "\(language["baseline"]) \(window["baseline"] ?? "?") (\(window["buckets"] ?? "?") \(language["bucket"].lowercased()))"
        }
        values["probability"] = "\(explanation["probability"] ?? "?")"
        values["terms"] = terms.map { ["term": $0.term, "count": $0.count] as [String: Any] }
        values["evidence"] = evidence.map { row -> [String: Any] in
            [
                "label": row.label.rawValue, "score": String(format: "%+.2f", row.score),
                "title": row.title ?? row.link ?? "",
                "link": row.link ?? false, "terms": row.topTerms,
            ]
        }
        values["bucket_query"] = QueryText.make([
            ("brand", alert.brand), ("since", RFC3339.format(alert.bucketStart)),
            ("until", RFC3339.format(alert.bucketStart.addingTimeInterval(TimeInterval(alert.bucketSeconds)))),
            ("lang", language.rawValue),
        ])
        return pages.page(
            "alert", title: language["why"], values: values, request: request, context: context, language: language,
            unread: try await totalUnread())
    }

    private func backtest(_ request: Request, _ context: ServeContext) async throws -> Response {
        let names = Set(DetectorSetting.all.map(\.name))
        let query = try QueryParameters(
            request.uri.query, allowed: names.union(["brand", "since", "lang", "run"]), ignoringEmpty: true)
        let language = Self.language(request, query)
        let brand = query.list("brand").first
        let since = try query.string("since") ?? "30d"
        var changed: [String: Double] = [:]
        var error: String?
        for setting in DetectorSetting.all {
            guard let text = try query.string(setting.name) else { continue }
            guard let value = Double(text.replacingOccurrences(of: ",", with: ".")) else {
                error = "\(setting.name): \"\(text)\" is not a number"
                continue
            }
            changed[setting.name] = value
        }
        var values: [String: Any] = [
            "settings": DetectorSetting.all.map { setting -> [String: Any] in
                [
                    "name": setting.name, "allowed": setting.allowed,
                    "value": ((try? query.string(setting.name)) ?? nil) ?? "",
                ]
            },
            "brands": try await store.allBrands().map { ["name": $0, "selected": $0 == brand] },
            "since": since,
        ]
        if try query.string("run") != nil, error == nil {
            do {
                guard let start = store.time(since) else {
                    throw APIError(.badRequest, "since: \"\(since)\" is not a time")
                }
                let brands = brand.map { [$0] } ?? []
                let simulated = try await BacktestRoutes.replay(changed, brands: brands, since: start, store: store)
                let settings = try BacktestRoutes.settings(changed, store: store)
                let stored = simulated.map { StoredAlert($0, bucketSeconds: settings.bucketSeconds) }
                let real = try await store.database.alerts(brand: brand, since: start, limit: nil)
                let shown = brands.isEmpty ? try await store.allBrands() : brands
                let (starts, end) = try TimelineReport.bucketStarts(
                    from: start, until: store.now(), width: .day, timeZone: .gmt)
                let buckets = try await store.database.timeline(
                    MentionFilter(brands: shown, since: start), bucket: .day, timeZone: .gmt)
                let chart = TimelineChart()
                values["ran"] = true
                values["yaml"] = BacktestRoutes.yaml(changed)
                values["simulated_count"] = stored.count
                values["real_count"] = real.count
                values["simulated"] = stored.map { Self.alertSummary($0) }
                values["real"] = real.map { Self.alertSummary($0) }
                values["simulated_chart"] = Self.inline(
                    chart.svg(
                        TimelineReport.assemble(
                            brands: shown, width: .day, timeZone: .gmt, starts: starts, end: end, buckets: buckets,
                            alerts: stored)))
                values["real_chart"] = Self.inline(
                    chart.svg(
                        TimelineReport.assemble(
                            brands: shown, width: .day, timeZone: .gmt, starts: starts, end: end, buckets: buckets,
                            alerts: real)))
            } catch let failure as APIError {
                error = failure.message
            } catch let failure as ExportError {
                error = "since: \(failure)"
            }
        }
        if let error { values["error"] = error }
        return pages.page(
            "backtest", title: language["backtest"], values: values, request: request, context: context,
            language: language,
            unread: try await totalUnread(), status: error == nil ? .ok : .badRequest)
    }

    private func sources(_ request: Request, _ context: ServeContext) async throws -> Response {
        let query = try Self.query(request)
        let language = Self.language(request, query)
        let values: [String: Any] = [
            "sources": try await store.database.sources().filter { !$0.retired }.map { state -> [String: Any] in
                var values = APIRepresentation.source(state)
                values["status_text"] = language[values["status"] as? String ?? ""]
                values["url_q"] = QueryText.encode(state.url)
                for key in ["last_fetch", "next_poll", "failing_since", "last_error"] where values[key] is NSNull {
                    values[key] = "–"
                }
                return values
            }
        ]
        return pages.page(
            "sources", title: language["sources"], values: values, request: request, context: context,
            language: language,
            unread: try await totalUnread())
    }

    private func login(_ request: Request, _ context: ServeContext, wrong: Bool) -> Response {
        let query = try? QueryParameters(request.uri.query, allowed: ["next", "lang"], ignoringEmpty: true)
        let language = Localization.choose(
            query: (try? query?.string("lang")) ?? nil, acceptLanguage: request.headers[.acceptLanguage])
        let next = ((try? query?.string("next")) ?? nil) ?? "/"
        return pages.page(
            "login", title: language["login"],
            values: [
                "csrf": context.session?.csrfToken(key: store.settings.sessionKey) ?? "", "next": next, "wrong": wrong,
            ], request: request, context: context, language: language, unread: nil, status: wrong ? .unauthorized : .ok)
    }

    private func logIn(_ request: Request, _ context: ServeContext) async throws -> Response {
        let form = try await Self.form(request)
        let given = form.first("password") ?? ""
        let accepted = [store.settings.password, store.settings.token].compactMap { $0 }.contains {
            ConstantTime.equal($0, given)
        }
        guard accepted else { return login(request, context, wrong: true) }
        // A new session id once logged in, so that a session planted before the login is worth nothing.
        let next = form.first("next").flatMap { $0.hasPrefix("/") && !$0.hasPrefix("//") ? $0 : nil } ?? "/"
        var response = Response(status: .seeOther, headers: [.location: next])
        response.setCookie(
            AccessMiddleware.cookie(
                Session(id: Session.fresh().id, authenticated: true), key: store.settings.sessionKey))
        return response
    }

    /// A fresh session, not logged in, in place of the current one (the middleware checked the CSRF token).
    private func logOut() -> Response {
        var response = Response(status: .seeOther, headers: [.location: store.settings.requiresLogin ? "/login" : "/"])
        response.setCookie(AccessMiddleware.cookie(Session.fresh(), key: store.settings.sessionKey))
        return response
    }

    private func staticFile(_ name: String) throws -> Response {
        let types = [
            "vigie.css": "text/css; charset=utf-8", "vigie.js": "text/javascript; charset=utf-8",
            "openapi.yaml": "application/yaml; charset=utf-8",
        ]
        guard let type = types[name],
            let data = FileManager.default.contents(atPath: resources.appendingPathComponent("Resources/\(name)").path)
        else { throw APIError(.notFound, "no such file: \(name)") }
        return Response(
            status: .ok, headers: [.contentType: type, .cacheControl: "max-age=300"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }

    // MARK: Pieces

    /// The most unread mentions a counter counts ("10000+" beyond).
    static let unreadCap = 10_000

    private func unread(brands: [String]) async throws -> Int {
        var filter = MentionFilter(brands: brands)
        filter.unreadOnly = true
        return try await store.database.mentionTotal(filter, cap: Self.unreadCap + 1)
    }

    private func totalUnread() async throws -> Int {
        try await unread(brands: [])
    }

    /// A count as a badge shows it: "10000+" past the cap.
    static func badge(_ count: Int) -> String {
        count > unreadCap ? "\(unreadCap)+" : String(count)
    }

    /// The dashboard's query string: its parameters, empty ones ignored.
    static func query(_ request: Request) throws -> QueryParameters {
        try QueryParameters(
            request.uri.query,
            allowed: [
                "brand", "label", "language", "source", "q", "since", "until", "unread", "offset", "limit",
                "lang", "bucket", "tz",
            ],
            repeatable: ["brand"], ignoringEmpty: true)
    }

    static func language(_ request: Request, _ query: QueryParameters) -> Localization {
        Localization.choose(query: (try? query.string("lang")) ?? nil, acceptLanguage: request.headers[.acceptLanguage])
    }

    /// A posted form (the CSRF token was checked by ``AccessMiddleware``).
    static func form(_ request: Request) async throws -> FormFields {
        var request = request
        let buffer = try await request.collectBody(upTo: 1 << 16)
        return FormFields(String(buffer: buffer))
    }

    /// After a form: back to the page it came from (a path on this site only), at the item acted on.
    static func back(_ form: FormFields, anchor: String?) -> Response {
        var target = form.first("back") ?? "/"
        if !target.hasPrefix("/") || target.hasPrefix("//") { target = "/" }
        if let anchor { target += "#\(anchor)" }
        return Response(status: .seeOther, headers: [.location: target])
    }

    static func download(_ bytes: [UInt8], type: String, name: String) -> Response {
        Response(
            status: .ok,
            headers: [.contentType: type, .contentDisposition: "attachment; filename=\"\(name)\""],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    /// An SVG document as an element of an HTML page (without its XML declaration).
    static func inline(_ svg: String) -> String {
        guard svg.hasPrefix("<?xml"), let end = svg.firstIndex(of: "\n") else { return svg }
        return String(svg[svg.index(after: end)...])
    }

    static func percent(_ value: Double) -> String {
        // A no-break space: a narrow column never leaves the sign alone on a line.
        String(format: "%.1f\u{00A0}%%", value * 100)
    }

    static func number(_ value: Double) -> String {
        value.rounded() == value && abs(value) < 1e15 ? String(Int64(value)) : "\(value)"
    }

    static func alertSummary(_ alert: StoredAlert) -> [String: Any] {
        [
            "id": alert.id ?? 0, "brand": alert.brand, "kind": alert.kind.rawValue, "severity": alert.severity.rawValue,
            "bucket_start": RFC3339.format(alert.bucketStart), "negative": alert.negativeCount, "mentions": alert.count,
            "baseline": String(format: "%.1f", alert.baseline),
        ]
    }

    static func deliveryValues(_ deliveries: [Delivery], language: Localization) -> [String: Any] {
        [
            "has_deliveries": !deliveries.isEmpty,
            "deliveries": deliveries.map { delivery in
                [
                    "sink": delivery.sink, "status": delivery.status.rawValue,
                    "status_text": language[delivery.status.rawValue], "attempts": delivery.attempts,
                    "last_error": delivery.lastError ?? "",
                ] as [String: Any]
            },
        ]
    }

    static func mentionValues(
        _ row: MentionRow, language: Localization, csrf: String, back: String, brands: [String]
    ) -> [String: Any] {
        let excerpt = row.text.count > 280 ? String(row.text.prefix(280)) + "…" : row.text
        return [
            "id": row.id, "brand": row.brand, "label": row.label.rawValue, "label_text": language[row.label.rawValue],
            "manual": row.isRelabelled, "scorer_label": language[(row.scorerLabel ?? row.label).rawValue],
            "time": RFC3339.format(row.time),
            "time_text": RFC3339.format(row.time).replacingOccurrences(of: "T", with: " "),
            "source_name": row.sourceName, "source_q": QueryText.encode(row.sourceURL),
            "carriers": row.carriers, "carriers_more": row.carriers > 1,
            "title": row.title ?? row.link ?? "", "link": row.link ?? false, "excerpt": excerpt, "terms": row.topTerms,
            "read": row.read, "csrf": csrf, "back": back, "filter_brands": brands,
            "choices": [
                ["value": "negative", "label": language["negative"], "selected": row.label == .negative],
                ["value": "neutral", "label": language["neutral"], "selected": row.label == .neutral],
                ["value": "positive", "label": language["positive"], "selected": row.label == .positive],
                ["value": "scorer", "label": language["scorers"], "selected": false],
            ],
        ]
    }
}
