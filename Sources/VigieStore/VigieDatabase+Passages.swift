import Foundation
import GRDB

extension VigieDatabase {
    /// The passages of the last version of the page at `sourceURL` (a source
    /// read as a page without selectors), or `nil` when none was stored yet:
    /// the next fetch is then the page's first.
    ///
    /// - Throws: ``StoreError`` (`.unknownSource` when the URL was never synced).
    public func pageVersion(sourceURL: String) throws -> PageVersion? {
        try read("reading a page's last version", subject: sourceURL) { db in
            guard
                let sourceID = try Int64.fetchOne(
                    db.cachedStatement(sql: "SELECT id FROM source WHERE url = ?"), arguments: [sourceURL])
            else {
                throw StoreError(
                    .unknownSource, operation: "reading a page's last version", subject: sourceURL,
                    reason: "no such source; sync the configuration's sources first")
            }
            let blobs = try Data.fetchAll(
                db.cachedStatement(sql: "SELECT words FROM page_passage WHERE source_id = ? ORDER BY position"),
                arguments: [sourceID])
            guard !blobs.isEmpty else { return nil }
            return PageVersion(words: blobs.map(PageVersion.decode))
        }
    }

    /// Replaces the stored passages of a page with `texts` (inside a fetch's transaction).
    static func replacePassages(_ db: Database, sourceID: Int64, texts: [String]) throws {
        try db.cachedStatement(sql: "DELETE FROM page_passage WHERE source_id = ?").execute(arguments: [sourceID])
        let insert = try db.cachedStatement(
            sql: "INSERT INTO page_passage (source_id, position, words) VALUES (?, ?, ?)")
        // An empty page still has a version (one empty passage): its next fetch is not its first.
        let passages = texts.isEmpty ? [""] : texts
        for (position, text) in passages.enumerated() {
            try insert.execute(arguments: [sourceID, position, PageVersion.encode(PageVersion.words(text))])
        }
    }
}
