/// One spelling per host, so that politeness limits count hosts, not spellings.
///
/// IP literals take their canonical form (`127.1`, `0x7f.0.0.1` and
/// `[::ffff:127.0.0.1]` are all `127.0.0.1`; `[0:0::1]` is `::1`); names are
/// lower-cased and lose a final dot (`Example.COM.` is `example.com`).
public enum HostKey {
    /// The one spelling of `host` (a name or an IP literal, without brackets).
    public static func of(_ host: String) -> String {
        var name = host.lowercased()
        while name.hasSuffix(".") && name.count > 1 { name.removeLast() }
        if let address = IPAddress(name) { return address.unmapped.description }
        return name
    }
}
