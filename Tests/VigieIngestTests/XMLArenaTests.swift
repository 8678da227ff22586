import CLibXML2
import CMemory
import Foundation
import Testing

@testable import VigieIngest

/// libxml2's allocations during a parse come from the document's arena; every
/// other one from malloc; either kind can be freed or reallocated anywhere.
@Suite struct XMLArenaTests {
    /// libxml2's hooks as installed (xmlMalloc and friends are mutable C globals).
    struct Hooks {
        var free: xmlFreeFunc
        var malloc: xmlMallocFunc
        var realloc: xmlReallocFunc
        var strdup: xmlStrdupFunc

        init() {
            XMLDocument.setUp()
            var free: xmlFreeFunc?
            var malloc: xmlMallocFunc?
            var realloc: xmlReallocFunc?
            var strdup: xmlStrdupFunc?
            xmlMemGet(&free, &malloc, &realloc, &strdup)
            (self.free, self.malloc, self.realloc, self.strdup) = (free!, malloc!, realloc!, strdup!)
        }
    }

    static let feed = """
        <?xml version="1.0"?>
        <rss version="2.0"><channel><title>T</title>
        <item><title>One</title><link>https://example.com/1</link><description>A &amp; B</description></item>
        <item><title>Two</title><link>https://example.com/2</link></item>
        </channel></rss>
        """

    private func parsed(_ text: String) -> XMLDocument? {
        Array(text.utf8).withUnsafeBytes { XMLDocument.xml($0, url: "https://example.com/feed") }
    }

    @Test func aParsedDocumentLivesInItsArena() throws {
        let document = try #require(parsed(Self.feed))
        let arena = try #require(document.arena)
        #expect(vigie_xml_arena_owns(document.pointer) == 1)
        let root = try #require(document.root)
        #expect(vigie_xml_arena_owns(root.pointer) == 1)
        #expect(vigie_xml_arena_owns(root.pointer.pointee.children) == 1)
        #expect(vigie_xml_arena_used(arena) > 0)
    }

    @Test func whatLibxml2AllocatesOutsideAParseComesFromMalloc() throws {
        let hooks = Hooks()
        let document = try #require(parsed(Self.feed))
        let copy = try #require(hooks.strdup("outside"))
        #expect(vigie_xml_arena_owns(copy) == 0)
        #expect(String(cString: copy) == "outside")
        hooks.free(copy)
        // libxml2's own calls on a parsed tree: the path it returns is malloc's, freed by xmlFree.
        let root = try #require(document.root)
        let path = try #require(xmlGetNodePath(root.pointer.pointee.children))
        #expect(vigie_xml_arena_owns(path) == 0)
        vigie_xmlFree(path)
    }

    @Test func largeAllocationsGoToMallocEvenDuringAParse() throws {
        let hooks = Hooks()
        let arena = try #require(vigie_xml_arena_begin())
        let small = try #require(hooks.malloc(100))
        let large = try #require(hooks.malloc(100_000))
        vigie_xml_arena_end(arena)
        #expect(vigie_xml_arena_owns(small) == 1)
        #expect(vigie_xml_arena_owns(large) == 0)
        hooks.free(small)
        hooks.free(large)
        vigie_xml_arena_release(arena)
    }

    @Test func theLatestBlockGrowsInPlaceAndOthersMoveWithTheirBytes() throws {
        let hooks = Hooks()
        let arena = try #require(vigie_xml_arena_begin())
        let first = try #require(hooks.strdup("first"))
        let grown = try #require(hooks.realloc(first, 64))
        #expect(grown == UnsafeMutableRawPointer(first))
        let second = try #require(hooks.strdup("second"))
        // `grown` is no longer the latest block: it moves, its bytes with it.
        let moved = try #require(hooks.realloc(grown, 200))
        #expect(moved != grown)
        #expect(vigie_xml_arena_owns(moved) == 1)
        #expect(String(cString: moved.assumingMemoryBound(to: CChar.self)) == "first")
        // Past a chunk's largest block: to malloc.
        let big = try #require(hooks.realloc(second, 50_000))
        #expect(vigie_xml_arena_owns(big) == 0)
        #expect(String(cString: big.assumingMemoryBound(to: CChar.self)) == "second")
        vigie_xml_arena_end(arena)
        // Outside the parse, an arena block reallocated goes to malloc, its bytes with it.
        let outside = try #require(hooks.realloc(moved, 40))
        #expect(vigie_xml_arena_owns(outside) == 0)
        #expect(String(cString: outside.assumingMemoryBound(to: CChar.self)) == "first")
        hooks.free(outside)
        hooks.free(big)
        vigie_xml_arena_release(arena)
    }

    @Test func arenasNestAndRestoreTheOuterOne() throws {
        let hooks = Hooks()
        let outer = try #require(vigie_xml_arena_begin())
        let inner = try #require(vigie_xml_arena_begin())
        _ = hooks.malloc(32)
        vigie_xml_arena_end(inner)
        #expect(vigie_xml_arena_used(inner) > 0)
        #expect(vigie_xml_arena_used(outer) == 0)
        _ = hooks.malloc(32)
        #expect(vigie_xml_arena_used(outer) > 0)
        vigie_xml_arena_end(outer)
        let after = try #require(hooks.malloc(32))
        #expect(vigie_xml_arena_owns(after) == 0)
        hooks.free(after)
        vigie_xml_arena_release(inner)
        vigie_xml_arena_release(outer)
    }

    /// A released arena's chunks serve the next documents: parsing and freeing many
    /// documents one after another does not take new memory for each.
    @Test func chunksAreReusedFromOneDocumentToTheNext() throws {
        let text = Self.feed + String(repeating: "<!-- padding -->", count: 2_000)
        _ = parsed(text)
        let before = vigie_xml_arena_reserved()
        for _ in 0..<400 {
            let document = try #require(parsed(text))
            #expect(vigie_xml_arena_used(document.arena) > 0)
        }
        // Without reuse, 400 documents would take at least 400 chunks of 128 KiB (50 MiB); other
        // tests parsing at the same time may hold a few.
        #expect(vigie_xml_arena_reserved() - before < 100 * 128 * 1024)
    }

    /// Parses on several threads at once (one arena each) give the documents a parse alone gives.
    @Test func concurrentParsesGiveTheSameDocuments() async throws {
        let texts = (0..<16).map { n in
            Self.feed.replacingOccurrences(of: "<title>One</title>", with: "<title>One \(n)</title>")
                + String(repeating: "<!-- \(n) -->", count: n * 50)
        }
        let alone = texts.map { parse($0) }
        try await withThrowingTaskGroup(of: Bool.self) { group in
            for round in 0..<8 {
                group.addTask {
                    var same = true
                    for k in 0..<texts.count {
                        let n = (k + round) % texts.count
                        same = same && parse(texts[n]) == alone[n]
                    }
                    return same
                }
            }
            for try await same in group { #expect(same) }
        }
    }
}
