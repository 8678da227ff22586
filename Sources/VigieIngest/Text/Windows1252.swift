/// The Windows-1252 characters that mislabelled documents carry as C1 controls.
///
/// A feed that says UTF-8 (or ISO-8859-1) but was written on Windows has
/// `&#146;` or a raw 0x92 where it meant `’`. Browsers read those code points
/// as Windows-1252, and so do we.
enum Windows1252 {
    /// U+0080…U+009F as Windows-1252 reads them (0 where it has no character).
    static let c1: [UInt32] = [
        0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
        0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E,
        0x0178,
    ]

    /// The character a single Windows-1252 byte stands for (bytes it leaves
    /// undefined are read as ISO-8859-1 reads them).
    static func scalar(for byte: UInt8) -> UInt32 {
        if byte >= 0x80 && byte <= 0x9F, c1[Int(byte - 0x80)] != 0 { return c1[Int(byte - 0x80)] }
        return UInt32(byte)
    }

    /// The single byte that Windows-1252 (or ISO-8859-1, for U+0080…U+00FF)
    /// writes for `scalar`, or `nil` when it has none.
    static func byte(for scalar: UInt32) -> UInt8? {
        if scalar < 0x100 { return UInt8(scalar) }
        return reverse[scalar]
    }

    private static let reverse: [UInt32: UInt8] = {
        var table: [UInt32: UInt8] = [:]
        for (index, value) in c1.enumerated() where value != 0 { table[value] = UInt8(0x80 + index) }
        return table
    }()

    /// Whether UTF-8 bytes contain a C1 control (encoded as C2 80…C2 9F).
    static func containsC1(_ bytes: [UInt8]) -> Bool {
        var i = 0
        let n = bytes.count
        while i + 1 < n {
            if bytes[i] == 0xC2 && bytes[i + 1] >= 0x80 && bytes[i + 1] <= 0x9F { return true }
            i += 1
        }
        return false
    }

    /// Replaces C1 controls with the Windows-1252 characters they stand for.
    static func demoronize(_ string: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in string.unicodeScalars {
            if scalar.value >= 0x80 && scalar.value <= 0x9F, c1[Int(scalar.value - 0x80)] != 0,
                let mapped = Unicode.Scalar(c1[Int(scalar.value - 0x80)])
            {
                scalars.append(mapped)
            } else {
                scalars.append(scalar)
            }
        }
        return String(scalars)
    }
}
