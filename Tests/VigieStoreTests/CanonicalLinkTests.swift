import Testing
import VigieStore

@Suite struct CanonicalLinkTests {
    @Test(arguments: [
        ("https://example.org/a", "https://example.org/a"),
        ("HTTP://WWW.Example.ORG/a", "https://example.org/a"),
        ("https://example.org/a?utm_source=rss&utm_medium=feed", "https://example.org/a"),
        ("https://example.org/a?b=2&fbclid=XYZ&a=1", "https://example.org/a?a=1&b=2"),
        ("https://example.org/a?gclid=1&mc_cid=2&mc_eid=3&igshid=4&ref=5&ref_src=6", "https://example.org/a"),
        ("https://example.org/a?xtor=RSS-3208&id=7", "https://example.org/a?id=7"),
        ("https://example.org/a#comments", "https://example.org/a"),
        ("https://example.org:443/a", "https://example.org/a"),
        ("http://example.org:80/a", "https://example.org/a"),
        ("https://example.org:8443/a", "https://example.org:8443/a"),
        ("https://example.org", "https://example.org/"),
        ("https://user:secret@example.org/a", "https://example.org/a"),
        ("  https://example.org/a  ", "https://example.org/a"),
        ("https://example.org/Path/Case", "https://example.org/Path/Case"),
        ("https://example.org/a?q=Caf%C3%A9", "https://example.org/a?q=Caf%C3%A9"),
        ("urn:uuid:1234", "urn:uuid:1234"),
    ])
    func canonicalForm(link: String, expected: String) {
        #expect(CanonicalLink.canonical(link) == expected)
    }

    @Test func emptyLinksHaveNoCanonicalForm() {
        #expect(CanonicalLink.canonical("") == nil)
        #expect(CanonicalLink.canonical("   ") == nil)
    }

    @Test func trackingParametersAreRecognisedWhateverTheirCase() {
        #expect(CanonicalLink.isTracking("UTM_Campaign"))
        #expect(CanonicalLink.isTracking("fbclid"))
        #expect(!CanonicalLink.isTracking("id"))
        #expect(!CanonicalLink.isTracking("page"))
    }
}
