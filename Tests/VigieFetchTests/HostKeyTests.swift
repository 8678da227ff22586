import Foundation
import Testing

@testable import VigieFetch

/// Issue 11, item 4: politeness counts hosts, not spellings.
@Suite(.serialized, .timeLimit(.minutes(2))) struct HostKeyTests {
    @Test(arguments: [
        ("127.0.0.1", "127.0.0.1"), ("127.1", "127.0.0.1"), ("0x7f.0.0.1", "127.0.0.1"), ("0177.0.0.1", "127.0.0.1"),
        ("2130706433", "127.0.0.1"), ("127.0.0.1.", "127.0.0.1"), ("::1", "::1"), ("[::1]", "::1"),
        ("[0:0:0:0:0:0:0:1]", "::1"), ("[::FFFF:127.0.0.1]", "127.0.0.1"), ("[::ffff:7f00:1]", "127.0.0.1"),
        ("[2001:DB8:0:0::1]", "2001:db8::1"), ("Example.COM", "example.com"), ("example.com.", "example.com"),
        ("EXAMPLE.com..", "example.com"),
    ])
    func spellingsOfAHostShareOneKey(spelling: String, key: String) {
        #expect(HostKey.of(spelling) == key)
    }

    @Test func differentHostsKeepDifferentKeys() {
        #expect(HostKey.of("127.0.0.1") != HostKey.of("127.0.0.2"))
        #expect(HostKey.of("example.com") != HostKey.of("example.org"))
        #expect(HostKey.of("::1") != HostKey.of("127.0.0.1"))
    }

    @Test func oneRequestAtATimeHoweverTheHostIsSpelled() async throws {
        try await FetchTesting.withFetcher { server, fetcher, base in
            let port = try #require(URL(string: base)?.port)
            let spellings = ["127.0.0.1", "127.1", "0x7f.0.0.1", "2130706433"]
            try await withThrowingTaskGroup(of: Void.self) { group in
                for host in spellings {
                    group.addTask { _ = try await fetcher.fetch(FetchRequest(url: "http://\(host):\(port)/hold")) }
                }
                try await group.waitForAll()
            }
            #expect(server.hitCount("/hold") == spellings.count)
            #expect(server.maximumConcurrent == 1)
        }
    }
}
