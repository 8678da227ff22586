import CLibXML2

/// HTML's named character references (libxml2's HTML 4 table), looked up by
/// hash instead of libxml2's linear scan: feeds are full of `&eacute;`.
enum HTMLEntities {
    /// Names (without `&` and `;`, packed by ``key(_:)``) to code points.
    private static let table: IntegerMap<UInt32> = {
        var table = IntegerMap<UInt32>()
        // libxml2 has no iterator over its table: probe every name it could hold
        // through the same lookup, once, from the names HTML 4 defines.
        for name in names {
            var bytes = Array(name.utf8)
            bytes.append(0)
            if let entity = bytes.withUnsafeBufferPointer({ htmlEntityLookup($0.baseAddress) }),
                let key = key(name.utf8)
            {
                table.set(key, UInt32(entity.pointee.value))
            }
        }
        return table
    }()

    /// The code point of `&name;`, or `nil` for a name HTML does not define.
    static func value<Name: Collection>(of name: Name) -> UInt32? where Name.Element == UInt8 {
        guard let key = key(name) else { return nil }
        // The names escaped HTML is made of, without hashing.
        switch key {
        case 0x61_6D70: return 0x26  // amp
        case 0x6C74: return 0x3C  // lt
        case 0x6774: return 0x3E  // gt
        case 0x7175_6F74: return 0x22  // quot
        case 0x6E62_7370: return 0xA0  // nbsp
        default: return table[key]
        }
    }

    /// A name's bytes packed in one word, without allocating: every HTML 4 name has at
    /// most eight letters and digits (`thetasym`). `nil` for a longer name, or one with a NUL.
    private static func key<Name: Collection>(_ name: Name) -> UInt64? where Name.Element == UInt8 {
        var key: UInt64 = 0
        var count = 0
        for byte in name {
            guard count < 8, byte != 0 else { return nil }
            key = key << 8 | UInt64(byte)
            count += 1
        }
        return key
    }

    /// The 253 names of HTML 4's entity sets (latin-1, symbols, special).
    static let names: [String] = """
        quot amp apos lt gt nbsp iexcl cent pound curren yen brvbar sect uml copy ordf laquo not shy reg macr \
        deg plusmn sup2 sup3 acute micro para middot cedil sup1 ordm raquo frac14 frac12 frac34 iquest Agrave \
        Aacute Acirc Atilde Auml Aring AElig Ccedil Egrave Eacute Ecirc Euml Igrave Iacute Icirc Iuml ETH Ntilde \
        Ograve Oacute Ocirc Otilde Ouml times Oslash Ugrave Uacute Ucirc Uuml Yacute THORN szlig agrave aacute \
        acirc atilde auml aring aelig ccedil egrave eacute ecirc euml igrave iacute icirc iuml eth ntilde ograve \
        oacute ocirc otilde ouml divide oslash ugrave uacute ucirc uuml yacute thorn yuml OElig oelig Scaron \
        scaron Yuml fnof circ tilde Alpha Beta Gamma Delta Epsilon Zeta Eta Theta Iota Kappa Lambda Mu Nu Xi \
        Omicron Pi Rho Sigma Tau Upsilon Phi Chi Psi Omega alpha beta gamma delta epsilon zeta eta theta iota \
        kappa lambda mu nu xi omicron pi rho sigmaf sigma tau upsilon phi chi psi omega thetasym upsih piv ensp \
        emsp thinsp zwnj zwj lrm rlm ndash mdash lsquo rsquo sbquo ldquo rdquo bdquo dagger Dagger bull hellip \
        permil prime Prime lsaquo rsaquo oline frasl euro image weierp real trade alefsym larr uarr rarr darr \
        harr crarr lArr uArr rArr dArr hArr forall part exist empty nabla isin notin ni prod sum minus lowast \
        radic prop infin ang and or cap cup int there4 sim cong asymp ne equiv le ge sub sup nsub sube supe \
        oplus otimes perp sdot lceil rceil lfloor rfloor lang rang loz spades clubs hearts diams
        """.split(separator: " ").map(String.init)
}
