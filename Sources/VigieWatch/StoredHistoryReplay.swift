import Foundation
import VigieDetect
import VigieStore

/// Replays the mentions stored in a database through the crisis detector: what `vigie backtest --config`
/// prints and what the dashboard's "what would this setting have raised" shows, by one code path.
public enum StoredHistoryReplay {
    /// The alerts `settings` would have raised over the stored mentions since `since` (of `brands`, every
    /// brand when empty), replayed in the order the watcher stored them, and the history replayed: from either
    /// store (`vigie backtest --config`, the dashboard's backtest form).
    public static func run(
        _ store: any ReadStore, settings: DetectorSettings, timeZones: [String: TimeZone], since: Date,
        brands: [String] = []
    ) async throws -> (alerts: [Alert], history: MentionHistory) {
        var history = MentionHistory(settings: settings)
        try await store.forEachMention(MentionFilter(brands: brands, since: since)) { add($0, to: &history) }
        return (Backtest(settings: settings, timeZones: timeZones).run(history), history)
    }

    private static func add(_ row: MentionRow, to history: inout MentionHistory) {
        _ = history.add(
            brand: row.brand, time: Int64(row.time.timeIntervalSince1970.rounded(.down)), score: row.score,
            seen: Int64(row.firstSeenAt.timeIntervalSince1970.rounded(.down)))
    }
}
