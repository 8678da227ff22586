import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing
import VigieTestSupport

@testable import VigieServe

/// The dashboard's pages, rendered on the server, read as a browser without JavaScript would.
@Suite(.dedicatedThread) struct DashboardTests {
    @Test func theOverviewShowsEveryBrandTheChartAndItsLinks() async throws {
        try await ServeFixture.withServer { client in
            let page = try await client.execute(uri: "/?since=7d&bucket=hour", method: .get).text
            for brand in ServeFixture.brands { #expect(page.contains(brand)) }
            #expect(page.contains("<svg"))
            #expect(!page.contains("<?xml"))
            #expect(page.contains(#"class="alert-band""#))
            #expect(page.contains(#"class="bucket-link""#))
            #expect(
                page.contains("/mentions?brand=Cerise&amp;since=2026-03-10T06%3A00%3A00Z")
                    || page.contains("/mentions?brand=Cerise&amp;since=2026-03-10T06:00:00Z"))
            #expect(page.contains("panne"))
            #expect(page.contains("/download/timeline.csv?"))
        }
    }

    @Test(
        arguments: [
            ("?lang=fr", nil, "Chronologie du sentiment"), ("?lang=en", "fr-FR,fr;q=0.9", "Sentiment timeline"),
            ("", "fr-CA,fr;q=0.9,en;q=0.5", "Chronologie du sentiment"), ("", "de-DE,en;q=0.5", "Sentiment timeline"),
        ] as [(String, String?, String)])
    func theLanguageFollowsTheQueryThenTheBrowser(query: String, accept: String?, heading: String) async throws {
        try await ServeFixture.withServer { client in
            var headers: HTTPFields = [:]
            if let accept { headers[.acceptLanguage] = accept }
            let page = try await client.execute(uri: "/\(query)", method: .get, headers: headers).text
            #expect(page.contains(heading))
        }
    }

    @Test func theFeedFiltersAndCountsUnread() async throws {
        try await ServeFixture.withServer { client in
            let page = try await client.execute(uri: "/mentions?brand=Cerise&label=negative&brand=&q=", method: .get)
            #expect(page.status == .ok)
            #expect(page.text.contains("4 unread"))
            #expect(page.text.components(separatedBy: #"class="mention "#).count - 1 == 4)
            #expect(page.text.contains(#"action="/mentions/mark-read""#))
        }
    }

    @Test func relabelThroughTheFormChangesTheTimelineCount() async throws {
        try await ServeFixture.withServer { client in
            let (cookie, csrf) = try await client.session()
            let feed = try await client.execute(
                uri: "/mentions?brand=Nordane", method: .get, headers: [.cookie: cookie]
            ).text
            let range = try #require(feed.range(of: #"data-id=""#))
            let id = String(feed[range.upperBound...].prefix { $0 != "\"" })
            let posted = try await client.execute(
                uri: "/mentions/\(id)/label", method: .post,
                headers: [.cookie: cookie, .contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "csrf=\(csrf)&label=negative&back=%2F"))
            #expect(posted.status == .seeOther)
            let csv = try await client.execute(uri: "/download/timeline.csv?brand=Nordane&since=2d", method: .get).text
            let negatives = csv.split(whereSeparator: \.isNewline).dropFirst().compactMap { line -> Int? in
                let fields = line.split(separator: ",", omittingEmptySubsequences: false)
                return fields.count > 5 ? Int(fields[5]) : nil
            }
            #expect(negatives.reduce(0, +) == 1)
        }
    }

    @Test func theAlertPageExplainsAndShowsDeliveries() async throws {
        try await ServeFixture.withServer { client in
            let inbox = try await client.execute(uri: "/alerts", method: .get).text
            #expect(inbox.contains(#"class="delivery delivered""#))
            #expect(inbox.contains(#"action="/alerts/1/retry""#))
            let page = try await client.execute(uri: "/alerts/1?lang=fr", method: .get).text
            #expect(page.contains("Pourquoi cette alerte"))
            #expect(page.contains("panne"))
            #expect(page.contains("Panne Cerise"))
        }
    }

    @Test func theRehearsalShowsTheYAMLToPaste() async throws {
        try await ServeFixture.withServer { client in
            let page = try await client.execute(
                uri: "/backtest?false_alarm_probability=0.01&since=30d&run=1&brand=", method: .get)
            #expect(page.status == .ok)
            #expect(page.text.contains("false_alarm_probability: 0.01"))
            let bad = try await client.execute(uri: "/backtest?false_alarm_probability=7&run=1", method: .get)
            #expect(bad.status == .badRequest)
            #expect(bad.text.contains("false_alarm_probability"))
        }
    }

    @Test func sourcesAndDownloads() async throws {
        try await ServeFixture.withServer { client in
            let sources = try await client.execute(uri: "/sources", method: .get).text
            #expect(sources.contains("HTTP 503"))
            let svg = try await client.execute(uri: "/download/timeline.svg?since=2d", method: .get)
            #expect(svg.headers[.contentType] == "image/svg+xml")
            #expect(svg.text.hasPrefix("<?xml"))
            let mentions = try await client.execute(uri: "/download/mentions.csv?brand=Cerise&since=2d", method: .get)
                .text
            #expect(mentions.split(whereSeparator: \.isNewline).count == 7)
        }
    }
}

/// The dashboard's links: any value survives a query string, and reads back as it was written.
@Suite struct QueryTextTests {
    @Test(arguments: ["Brand00", "a&b=c+d#e f", "Crédit Agricole", "💥 «crise» / 2026-12-06T10:00:00Z", "%41", ""])
    func aValueReadsBackAsItWasWritten(_ value: String) throws {
        let encoded = QueryText.encode(value)
        #expect(encoded.utf8.allSatisfy { $0 < 0x80 && $0 != UInt8(ascii: "&") && $0 != UInt8(ascii: "+") })
        let components = try #require(URLComponents(string: "http://127.0.0.1/mentions?q=" + encoded))
        #expect(components.queryItems?.first?.value == value)
    }
}
