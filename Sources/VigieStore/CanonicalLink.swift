import Foundation
import VigieCore

/// The canonical form of an entry's link, used to recognise the same story
/// reached through different URLs (syndication, tracking parameters).
///
/// Rules, in order: surrounding spaces trimmed; scheme and host lowercased;
/// `http` counted as `https`; a leading `www.` dropped; user, password,
/// default port (80, 443) and fragment dropped; an empty path becomes `/`;
/// tracking parameters removed (``isTracking(_:)``); the remaining query
/// items sorted by name then value. A link that is not an absolute URL with
/// a host is kept as written (trimmed).
///
/// ```swift
/// CanonicalLink.canonical("HTTP://WWW.Example.org/a?utm_source=x&b=2&a=1#top")
/// // "https://example.org/a?a=1&b=2"
/// ```
public enum CanonicalLink {
    /// Query parameter names that only track a click, never select content.
    public static let trackingNames: Set<String> = [
        "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "twclid", "ttclid",
        "mc_cid", "mc_eid", "igshid", "igsh", "ref", "ref_src", "ref_url", "referrer",
        "_hsenc", "_hsmi", "mkt_tok", "oly_anon_id", "oly_enc_id", "vero_id", "vero_conv",
        "xtor", "xts", "ito", "cmpid", "ncid", "sr_share", "spm", "share", "feature",
    ]
    /// Name prefixes of tracking parameters (`utm_source`, `at_medium`…).
    public static let trackingPrefixes: [String] = ["utm_", "at_", "pk_", "mtm_", "__twitter"]

    /// `true` when a query parameter named `name` only tracks (case-insensitive).
    public static func isTracking(_ name: String) -> Bool {
        let lower = name.lowercased()
        if trackingNames.contains(lower) { return true }
        return trackingPrefixes.contains { lower.hasPrefix($0) }
    }

    /// The canonical form of `link`, or `nil` when it is empty.
    public static func canonical(_ link: String) -> String? {
        let trimmed = link.trimmedOfWhitespace
        if trimmed.isEmpty { return nil }
        guard var components = URLComponents(string: trimmed),
            let scheme = components.scheme?.lowercased(),
            let host = components.percentEncodedHost?.lowercased(), !host.isEmpty
        else { return trimmed }

        let secure = scheme == "http" || scheme == "https"
        components.scheme = secure ? "https" : scheme
        components.percentEncodedHost = host.hasPrefix("www.") ? String(host.dropFirst(4)) : host
        components.user = nil
        components.password = nil
        if let port = components.port, secure && (port == 80 || port == 443) { components.port = nil }
        components.fragment = nil
        if components.percentEncodedPath.isEmpty { components.percentEncodedPath = "/" }
        if let items = components.percentEncodedQueryItems {
            let kept = items.filter { !isTracking($0.name) }.sorted {
                ($0.name, $0.value ?? "") < ($1.name, $1.value ?? "")
            }
            components.percentEncodedQueryItems = kept.isEmpty ? nil : kept
        } else if components.percentEncodedQuery == "" {
            components.percentEncodedQuery = nil
        }
        return components.string ?? trimmed
    }
}
