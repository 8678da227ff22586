import CLibXML2
import Testing

@testable import VigieIngest

/// The entity table gives libxml2's value for every HTML 4 name, and nothing for other names.
@Suite struct HTMLEntitiesTests {
    @Test func everyNameHasLibxml2sValue() {
        #expect(HTMLEntities.names.count == 253)
        for name in HTMLEntities.names {
            let expected = name.withCString { name in
                htmlEntityLookup(UnsafeRawPointer(name).assumingMemoryBound(to: xmlChar.self)).map {
                    UInt32($0.pointee.value)
                }
            }
            #expect(expected != nil, "libxml2 knows \(name)")
            #expect(HTMLEntities.value(of: Array(name.utf8)) == expected, "&\(name);")
        }
    }

    @Test func otherNamesHaveNone() {
        for name in ["", "eacutee", "Eacutes", "AMP", "ampx", "thetasymx", "zz", "a"] {
            #expect(HTMLEntities.value(of: Array(name.utf8)) == nil, "&\(name);")
        }
    }
}
