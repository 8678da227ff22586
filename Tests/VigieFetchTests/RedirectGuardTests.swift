import Foundation
import Testing
import VigieFetch
import VigieTestSupport

/// Issue 11, item 3: where a fetch may go. The test server is on 127.0.0.1,
/// so its redirects may lead to loopback (its own scope) and to the internet,
/// and nowhere else unless the policy allows it. A refused hop opens no
/// connection: the old behaviour (trying to connect) ends in a timeout or a
/// connection error, never in `.redirectRefused`.
@Suite(.dedicatedThread, .serialized, .timeLimit(.minutes(2))) struct RedirectGuardTests {
    /// Short connect timeout: were a refused address tried after all, the test would end soon, and in the wrong error.
    /// A generous deadline: a busy machine must not turn a refusal into a timeout.
    static let policy = FetchPolicy(connectTimeout: .seconds(1), totalTimeout: .seconds(120))

    @Test(arguments: [
        ("http://169.254.169.254/latest/meta-data/", "link-local address"),
        ("http://10.0.0.1/admin", "private-network address"),
        ("http://192.168.1.1/", "private-network address"),
        ("http://172.31.255.1/", "private-network address"),
        ("http://100.100.100.200/latest/meta-data/", "private-network address"),
        ("http://0.0.0.0/", "unspecified address"),
        ("http://[fe80::1]/", "link-local address"),
        ("http://[fd00:ec2::254]/", "private-network address"),
        ("http://[::ffff:169.254.169.254]/", "link-local address"),
        ("http://[::ffff:a9fe:a9fe]/", "link-local address"),
        ("http://[::]/", "unspecified address"),
        ("http://0xa9fea9fe/", "link-local address"),
        ("http://2852039166/", "link-local address"),
        ("http://169.254.169.254.nip.test/", "link-local address"),
        ("http://metadata.test/computeMetadata/v1/", "link-local address"),
        ("http://intranet.test/", "private-network address"),
    ])
    func aRedirectOutOfTheConfiguredScopeIsRefused(target: String, scope: String) async throws {
        let resolver = TableResolver(table: [
            "metadata.test": ["169.254.169.254"], "intranet.test": ["93.184.216.34", "10.1.2.3"],
            "169.254.169.254.nip.test": ["169.254.169.254"],
        ])
        try await FetchTesting.withFetcher(Self.policy, resolver: resolver) { server, fetcher, base in
            let error = await FetchTesting.expectError(.redirectRefused) { () async throws(FetchError) in
                try await fetcher.fetch(FetchRequest(url: base + "/redirect-to?url=" + FetchTesting.query(target)))
            }
            let message = error?.message ?? ""
            #expect(message.hasPrefix("redirect to \(target) refused: "), "\(message)")
            #expect(message.contains(scope), "\(message)")
            #expect(message.hasSuffix("(set fetch: allow_private_redirects: true to allow)"), "\(message)")
            #expect(error?.url == base + "/redirect-to?url=" + FetchTesting.query(target))
            #expect(server.hitCount("/redirect-to") == 1)
        }
    }

    @Test func aNameIsCheckedByWhatItResolvesTo() async throws {
        let resolver = TableResolver(table: ["metadata.test": ["169.254.169.254"]])
        try await FetchTesting.withFetcher(Self.policy, resolver: resolver) { _, fetcher, base in
            let error = await FetchTesting.expectError(.redirectRefused) { () async throws(FetchError) in
                try await fetcher.fetch(
                    FetchRequest(url: base + "/redirect-to?url=" + FetchTesting.query("http://metadata.test/")))
            }
            #expect(
                error?.message
                    == "redirect to http://metadata.test/ refused: metadata.test resolves to 169.254.169.254, "
                    + "a link-local address (set fetch: allow_private_redirects: true to allow)")
        }
    }

    @Test func aRedirectWithinTheConfiguredScopeIsFollowed() async throws {
        // Configured on 127.0.0.1 (loopback): other spellings of loopback are fine.
        let resolver = TableResolver(table: ["feeds.test": ["127.0.0.1"]])
        try await FetchTesting.withFetcher(Self.policy, resolver: resolver) { server, fetcher, base in
            let port = try #require(URL(string: base)?.port)
            for target in [
                "http://127.1:\(port)/etag", "http://feeds.test:\(port)/etag", "http://LOCALHOST:\(port)/etag",
            ] {
                let response = try await fetcher.fetch(
                    FetchRequest(url: base + "/redirect-to?url=" + FetchTesting.query(target)))
                guard case .fetched(let body) = response else {
                    Issue.record("\(target) should be followed")
                    continue
                }
                #expect(body.finalURL == target)
                #expect(String(decoding: body.bytes, as: UTF8.self) == TestServer.feed)
            }
            #expect(server.hitCount("/etag") >= 2)
        }
    }

    @Test func loopbackToIPv6LoopbackIsTheSameScope() async throws {
        // [::1] is loopback like 127.0.0.1: not refused. (The server listens on IPv4 only,
        // so the hop then fails to connect, or the machine has no IPv6 at all.)
        try await FetchTesting.withFetcher(Self.policy) { _, fetcher, base in
            let port = try #require(URL(string: base)?.port)
            do throws(FetchError) {
                _ = try await fetcher.fetch(
                    FetchRequest(url: base + "/redirect-to?url=" + FetchTesting.query("http://[::1]:\(port)/etag")))
            } catch {
                #expect(error.kind != .redirectRefused, "\(error.message)")
                #expect(error.kind == .connection || error.kind == .timeout, "\(error.message)")
            }
        }
    }

    @Test func allowingPrivateRedirectsLetsTheHopThrough() async throws {
        // The hop to 10.x is let through: it then fails to connect (nothing there), but is not refused.
        var policy = Self.policy
        policy.allowPrivateRedirects = true
        let resolver = TableResolver(table: ["intranet.test": ["10.255.255.1"]])
        try await FetchTesting.withFetcher(policy, resolver: resolver) { _, fetcher, base in
            do throws(FetchError) {
                _ = try await fetcher.fetch(
                    FetchRequest(url: base + "/redirect-to?url=" + FetchTesting.query("http://intranet.test:9/")))
                Issue.record("nothing should answer on intranet.test")
            } catch {
                #expect(error.kind != .redirectRefused, "\(error.message)")
            }
        }
    }

    @Test func aRedirectToAnotherSchemeIsRefused() async throws {
        try await FetchTesting.withFetcher(Self.policy) { _, fetcher, base in
            let error = await FetchTesting.expectError(.redirectRefused) { () async throws(FetchError) in
                try await fetcher.fetch(
                    FetchRequest(url: base + "/redirect-to?url=" + FetchTesting.query("file:///etc/passwd")))
            }
            #expect(error?.message.contains("only http and https redirects are followed") == true)
        }
    }

    @Test func aRedirectLoopIsNamed() async throws {
        try await FetchTesting.withFetcher(Self.policy) { _, fetcher, base in
            let error = await FetchTesting.expectError(.tooManyRedirects) { () async throws(FetchError) in
                try await fetcher.fetch(FetchRequest(url: base + "/loop"))
            }
            #expect(error?.message.hasPrefix("redirect loop") == true)
        }
    }

    // MARK: The classifier and the rule

    @Test(arguments: [
        ("8.8.8.8", AddressScope.global), ("93.184.216.34", .global), ("1.1.1.1", .global),
        ("127.0.0.1", .loopback), ("127.255.255.254", .loopback), ("127.1", .loopback), ("0x7f000001", .loopback),
        ("2130706433", .loopback), ("::1", .loopback), ("[::1]", .loopback), ("0:0:0:0:0:0:0:1", .loopback),
        ("::ffff:127.0.0.1", .loopback), ("::127.0.0.1", .loopback),
        ("169.254.0.1", .linkLocal), ("169.254.169.254", .linkLocal), ("fe80::1", .linkLocal),
        ("[fe80::1%eth0]", .linkLocal), ("febf::1", .linkLocal), ("::ffff:169.254.169.254", .linkLocal),
        ("64:ff9b::a9fe:a9fe", .linkLocal),
        ("10.0.0.1", .privateNetwork), ("10.255.255.255", .privateNetwork), ("172.16.0.1", .privateNetwork),
        ("172.31.255.255", .privateNetwork), ("172.15.0.1", .global), ("172.32.0.1", .global),
        ("192.168.0.1", .privateNetwork), ("192.169.0.1", .global), ("100.64.0.1", .privateNetwork),
        ("100.127.255.255", .privateNetwork), ("100.128.0.1", .global), ("100.63.255.255", .global),
        ("fc00::1", .privateNetwork), ("fd12:3456::1", .privateNetwork), ("fec0::1", .privateNetwork),
        ("::ffff:10.0.0.1", .privateNetwork),
        ("0.0.0.0", .unspecified), ("0.1.2.3", .unspecified), ("::", .unspecified), ("::ffff:0.0.0.0", .unspecified),
        ("224.0.0.1", .reserved), ("239.255.255.250", .reserved), ("255.255.255.255", .reserved),
        ("240.0.0.1", .reserved), ("ff02::1", .reserved),
        ("2001:4860:4860::8888", .global), ("2a00:1450::1", .global),
    ])
    func addressesAreClassified(text: String, scope: AddressScope) throws {
        let address = try #require(IPAddress(text))
        #expect(address.scope == scope, "\(text) is \(address)")
    }

    @Test(arguments: ["example.com", "localhost", "", "1e100.net", "::g", "1.2.3.4 ", "[::1", "127.0.0.1 evil"])
    func namesAreNotAddresses(text: String) {
        #expect(IPAddress(text) == nil)
    }

    @Test func theRuleAllowsTheInternetAndTheOriginsOwnScope() throws {
        let loopbackOrigin = RedirectRule(origin: [.loopback], allowPrivate: false)
        let publicOrigin = RedirectRule(
            originAddresses: [try #require(IPAddress("93.184.216.34"))], allowPrivate: false)
        let allowing = RedirectRule(origin: [.global], allowPrivate: true)
        for (text, fromLoopback, fromPublic) in [
            ("93.184.216.34", true, true), ("::1", true, false), ("127.0.0.1", true, false), ("10.0.0.1", false, false),
            ("169.254.169.254", false, false), ("0.0.0.0", false, false), ("::ffff:127.0.0.1", true, false),
        ] {
            let address = try #require(IPAddress(text))
            #expect(loopbackOrigin.allows(address) == fromLoopback, "\(text) from loopback")
            #expect(publicOrigin.allows(address) == fromPublic, "\(text) from a public origin")
            #expect(allowing.allows(address), "\(text) when allowed")
        }
        let mixed = [try #require(IPAddress("93.184.216.34")), try #require(IPAddress("10.0.0.1"))]
        #expect(publicOrigin.refusal(for: mixed) == IPAddress("10.0.0.1"))
    }
}
