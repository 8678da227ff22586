import AsyncHTTPClient
import Foundation

extension HTTPClient.Configuration {
    /// Makes a client built from this configuration connect to `address`
    /// whenever a request names the host of `url`, without a DNS lookup of its
    /// own; the `Host` header, SNI and certificate checks still use the name.
    ///
    /// Use it with ``RedirectRule/destination(of:resolver:)``: the address that
    /// was checked is the address that is reached, even if the name's DNS
    /// answer changes in between (DNS rebinding).
    public mutating func pin(_ url: URL, to address: IPAddress) {
        let host = RedirectRule.host(of: url)
        // An address literal in canonical form is connected to as written: nothing to pin.
        guard IPAddress(host)?.description != host else { return }
        dnsOverride[host] = address.description
    }
}
