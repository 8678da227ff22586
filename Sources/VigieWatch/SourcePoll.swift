import Foundation
import VigieCore
import VigieFetch
import VigieIngest
import VigieStore

/// One poll of one source: fetch, parse, find and score mentions, and the
/// record to store — everything but the write, which the watcher does.
struct SourcePoll: Sendable {
    let source: SourceSettings
    let fetcher: Fetcher
    let finder: MentionFinder
    let schedule: PollSchedule
    /// Asked which entries the source already gave (those are not scored again).
    let database: any WatchStore

    /// What happened, as the store will record it, how many entries the
    /// document held, and how many of them the source had given before.
    ///
    /// - Parameter now: the clock. It is read when the fetch starts (the time
    ///   `Retry-After` dates count from) and again when the fetch has ended:
    ///   the record's `fetchedAt` and the next poll count from that second
    ///   reading, so a source that waited for a slot or a slow server is not
    ///   polled again early.
    func run(
        previous: SourceState?, now: @Sendable () -> Date
    ) async -> (record: FetchRecord, entries: Int, known: Int) {
        let url = source.url.absoluteString
        let failures = previous?.consecutiveFailures ?? 0
        var headers: [String: String] = [:]
        for header in source.headers { headers[header.name] = header.value }
        let request = FetchRequest(
            url: url, headers: headers, etag: previous?.etag, lastModified: previous?.lastModified)
        let response: FetchResponse
        do {
            response = try await fetcher.fetch(request, now: now())
        } catch {
            let record = failure(
                status: error.status, message: error.message, failures: failures, retryAfter: error.retryAfter,
                now: now())
            return (record, 0, 0)
        }
        let fetched = now()
        switch response {
        case .notModified:
            let next = schedule.next(after: fetched, interval: source.interval, random: Double.random(in: 0..<1))
            return (FetchRecord(sourceURL: url, fetchedAt: fetched, outcome: .notModified, nextPollAt: next), 0, 0)
        case .fetched(let body):
            let parser = FeedParser(
                options: .init(
                    maximumBytes: fetcher.policy.maximumBodyBytes, selectors: source.selectors.map(Self.selectors),
                    kind: source.kind))
            let document = parser.parse(
                body.bytes, source: url, url: body.finalURL, charset: body.charset, mediaType: body.mediaType)
            if let error = document.error {
                let record = failure(
                    status: body.status, message: "unreadable document: \(error)", failures: failures, retryAfter: nil,
                    now: fetched)
                return (record, 0, 0)
            }
            let only = source.brands.map(Set.init)
            let (candidates, passages) = await watched(document, url: url)
            // Entries this source already gave are duplicates whatever they say: not scored again.
            let unseen =
                (try? await database.unseenEntries(candidates, sourceURL: url)) ?? Array(candidates.indices)
            let scored = unseen.map { finder.scan(candidates[$0], brands: only) }
            let next = schedule.next(after: fetched, interval: source.interval, random: Double.random(in: 0..<1))
            let record = FetchRecord(
                sourceURL: url, fetchedAt: fetched, outcome: .fetched(status: body.status), etag: body.etag,
                lastModified: body.lastModified, nextPollAt: next, consecutiveFailures: 0, entries: scored,
                recovery: document.recovery, passages: passages)
            let total = max(candidates.count, passages?.count ?? 0)
            return (record, total, total - unseen.count)
        }
    }

    /// The entries a fetched document offers, and the passages to keep of it.
    ///
    /// A page read without selectors is watched: on its first fetch its entries are its article and
    /// items; afterwards only its passages that the last version did not have (``PageVersion``: a small
    /// edit is not new) are entries, each with its own text, its link (with the passage's anchor when it
    /// has one) and its own date, else the fetch time. Feeds and pages with selectors give their entries.
    func watched(_ document: FeedDocument, url: String) async -> (entries: [FeedEntry], passages: [String]?) {
        guard document.kind == .html, source.selectors == nil else { return (document.entries, nil) }
        let texts = document.passages.map(\.text)
        guard let version = try? await database.pageVersion(sourceURL: url) else { return (document.entries, texts) }
        return (document.passages.filter { version.isNew($0.text) }, texts)
    }

    private func failure(status: Int?, message: String, failures: Int, retryAfter: Duration?, now: Date) -> FetchRecord
    {
        let count = failures == .max ? failures : failures + 1
        let next = schedule.nextAfterFailure(
            count, now: now, interval: source.interval, retryAfter: retryAfter, random: Double.random(in: 0..<1))
        return FetchRecord(
            sourceURL: source.url.absoluteString, fetchedAt: now, outcome: .failed(status: status, error: message),
            nextPollAt: next, consecutiveFailures: count)
    }

    static func selectors(_ selectors: SourceSettings.Selectors) -> PageSelectors {
        PageSelectors(
            item: selectors.item, title: selectors.title, link: selectors.link, date: selectors.date,
            text: selectors.text)
    }
}
