import Foundation
import VigieCore

/// Reads the dates feeds really carry and normalises them to UTC.
///
/// Understands RFC 3339 / W3CDTF (`2024-05-01T10:00:00+02:00`, with or
/// without `T`, seconds, fractions or zone), RFC 822 with its real-world
/// variants (missing weekday, two-digit years, named and numeric zones,
/// missing seconds), asctime, and French day and month names
/// (`lun., 6 mai 2024 08:00:00 +0200`). A date without a zone is read as UTC.
public enum FeedDate {
    /// The instant `string` denotes, or `nil` when it is not a date.
    public static func parse(_ string: String) -> Date? {
        var string = string
        // Read from the string's own bytes, trimmed by index: no copy.
        let seconds: Double? = string.withUTF8 { all in
            let bytes = all.trimmingASCIISpaces
            guard !bytes.isEmpty else { return nil }
            return parseISO(bytes) ?? parseWords(bytes)
        }
        return seconds.map { Date(timeIntervalSince1970: $0) }
    }

    // MARK: - ISO 8601 / W3CDTF

    private static func parseISO(_ b: UnsafeBufferPointer<UInt8>) -> Double? {
        var i = 0
        func digits(_ count: Int) -> Int? {
            guard i + count <= b.count else { return nil }
            var value = 0
            for k in 0..<count {
                let c = b[i + k]
                guard c >= 48 && c <= 57 else { return nil }
                value = value * 10 + Int(c - 48)
            }
            i += count
            return value
        }
        func skip(_ c: UInt8) -> Bool {
            if i < b.count && b[i] == c {
                i += 1
                return true
            }
            return false
        }
        guard let year = digits(4) else { return nil }
        var month = 1
        var day = 1
        var hour = 0
        var minute = 0
        var second = 0.0
        var offset = 0
        let dashed = skip(UInt8(ascii: "-"))
        if i < b.count {
            guard let m = digits(2) else { return nil }
            month = m
            if dashed ? skip(UInt8(ascii: "-")) : (i < b.count && b[i] >= 48 && b[i] <= 57) {
                guard let d = digits(2) else { return nil }
                day = d
            }
        }
        if i < b.count {
            guard b[i] == UInt8(ascii: "T") || b[i] == UInt8(ascii: "t") || b[i] == UInt8(ascii: " ") else {
                return nil
            }
            i += 1
            while i < b.count && b[i] == UInt8(ascii: " ") { i += 1 }
            guard let h = digits(2) else { return nil }
            hour = h
            let colon = skip(UInt8(ascii: ":"))
            guard let mi = digits(2) else { return nil }
            minute = mi
            if colon ? skip(UInt8(ascii: ":")) : (i < b.count && b[i] >= 48 && b[i] <= 57) {
                guard let s = digits(2) else { return nil }
                second = Double(s)
                if i < b.count && (b[i] == UInt8(ascii: ".") || b[i] == UInt8(ascii: ",")) {
                    i += 1
                    var scale = 0.1
                    while i < b.count, b[i] >= 48 && b[i] <= 57 {
                        second += Double(b[i] - 48) * scale
                        scale /= 10
                        i += 1
                    }
                }
            }
            while i < b.count && b[i] == UInt8(ascii: " ") { i += 1 }
            if i < b.count {
                if isUTCName(b[i...]) {
                    i = b.count
                } else if b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") {
                    let sign = b[i] == UInt8(ascii: "-") ? -1 : 1
                    i += 1
                    guard let oh = digits(2) else { return nil }
                    _ = skip(UInt8(ascii: ":"))
                    let om = i < b.count ? (digits(2) ?? 0) : 0
                    offset = sign * (oh * 3600 + om * 60)
                } else {
                    return nil
                }
            }
        }
        guard i == b.count else { return nil }
        return epoch(year: year, month: month, day: day, hour: hour, minute: minute, second: second, offset: offset)
    }

    // MARK: - RFC 822 and friends

    private enum Token {
        case number(Int, digits: Int)
        case word(Word)
        case time(Int, Int, Double)
        case zone(Int)
    }

    /// What a word of a date says, read once when it is met.
    private struct Word {
        var month: Int?
        /// The word is `mar` (French for Tuesday as well as March's abbreviation).
        var isMar = false
        var zone: Int?
        /// `pm` (true) or `am` (false).
        var meridiem: Bool?

        /// ASCII words (nearly all of them) are read from their bytes; others through `String`,
        /// for its Unicode lower-casing and the accents of French month names.
        init(_ bytes: Slice<UnsafeBufferPointer<UInt8>>) {
            guard bytes.allSatisfy({ $0 < 0x80 }) else {
                let word = String(decoding: bytes, as: UTF8.self).lowercased()
                month = FeedDate.monthNumber(word)
                zone = FeedDate.zoneOffset(word)
                return
            }
            // Letters only (the tokenizer made it so): `| 0x20` lower-cases them.
            let key = FeedDate.key(bytes.lazy.map { $0 | 0x20 })
            let count = bytes.count
            month = count >= 3 ? FeedDate.months.first { $0.key == key }?.value : nil
            isMar = count == 3 && key == FeedDate.key("mar".utf8)
            zone = count <= 4 ? FeedDate.zones.first { $0.key == key }?.value : nil
            if count == 2 && key == FeedDate.key("pm".utf8) { meridiem = true }
            if count == 2 && key == FeedDate.key("am".utf8) { meridiem = false }
        }
    }

    /// Up to the first four bytes of a word, packed: the key of the tables below.
    private static func key(_ bytes: some Sequence<UInt8>) -> UInt32 {
        var key: UInt32 = 0
        for (k, byte) in bytes.prefix(4).enumerated() { key |= UInt32(byte) << (8 * k) }
        return key
    }

    private static func table(_ entries: KeyValuePairs<String, Int>) -> [(key: UInt32, value: Int)] {
        entries.map { (key($0.key.utf8), $0.value) }
    }

    /// Month names by their first four letters (or three), English and French, accents folded.
    private static let months = table([
        "janu": 1, "janv": 1, "jan": 1, "febr": 2, "feb": 2, "fevr": 2, "fev": 2, "marc": 3, "mar": 3, "mars": 3,
        "apri": 4, "apr": 4, "avri": 4, "avr": 4, "may": 5, "mai": 5, "june": 6, "jun": 6, "juin": 6,
        "july": 7, "jul": 7, "juil": 7, "augu": 8, "aug": 8, "aout": 8, "aou": 8, "sept": 9, "sep": 9,
        "octo": 10, "oct": 10, "nove": 11, "nov": 11, "dece": 12, "dec": 12,
    ])

    /// Named zones of RFC 822 and the common ones feeds use (none is longer than four letters).
    private static let zones = table([
        "gmt": 0, "ut": 0, "utc": 0, "z": 0, "wet": 0, "est": -5 * 3600, "edt": -4 * 3600, "cst": -6 * 3600,
        "cdt": -5 * 3600, "mst": -7 * 3600, "mdt": -6 * 3600, "pst": -8 * 3600, "pdt": -7 * 3600,
        "akst": -9 * 3600, "akdt": -8 * 3600, "hst": -10 * 3600, "ast": -4 * 3600, "adt": -3 * 3600,
        "nst": -(3 * 3600 + 1800), "bst": 3600, "cet": 3600, "met": 3600, "west": 3600, "cest": 2 * 3600,
        "mest": 2 * 3600, "eet": 2 * 3600, "eest": 3 * 3600, "ist": 5 * 3600 + 1800, "jst": 9 * 3600,
        "aest": 10 * 3600, "aedt": 11 * 3600,
    ])

    /// `Z`, `UTC`, `GMT` or `UT` in any case: the zone of an ISO date said in words.
    private static func isUTCName(_ rest: Slice<UnsafeBufferPointer<UInt8>>) -> Bool {
        guard rest.allSatisfy({ $0 < 0x80 }) else {
            let upper = String(decoding: rest, as: UTF8.self).uppercased()
            return upper == "Z" || upper == "UTC" || upper == "GMT" || upper == "UT"
        }
        // Compared in place: an array for the word and one for each name cost four allocations a date.
        func isName(_ name: StaticString) -> Bool {
            name.withUTF8Buffer { name in
                name.count == rest.count
                    && zip(name, rest).allSatisfy { pair in
                        pair.0 == (pair.1 >= 0x61 && pair.1 <= 0x7A ? pair.1 & 0xDF : pair.1)
                    }
            }
        }
        return isName("Z") || isName("UTC") || isName("GMT") || isName("UT")
    }

    /// What the tokens of a date said so far, taken in order as they are read (no token array).
    private struct Reading {
        var month: Int?
        var monthIsMar = false
        var day: Int?
        var year: Int?
        var time: (Int, Int, Double)?
        var offset = 0
        var pm: Bool?

        mutating func take(_ token: Token) {
            switch token {
            case .word(let word):
                if let m = word.month, month == nil || monthIsMar {
                    // "mar." is also French for Tuesday: a later month name wins over it.
                    month = m
                    monthIsMar = word.isMar
                } else if let zone = word.zone {
                    offset = zone
                } else if let meridiem = word.meridiem {
                    pm = meridiem
                }
            case .number(let value, let count):
                if count >= 3 || value > 31 {
                    if year == nil { year = value }
                } else if day == nil {
                    day = value
                } else if year == nil {
                    year = value
                }
            case .time(let h, let m, let s):
                if time == nil { time = (h, m, s) }
            case .zone(let z):
                offset = z
            }
        }
    }

    private static func parseWords(_ b: UnsafeBufferPointer<UInt8>) -> Double? {
        var reading = Reading()
        var i = 0
        var sawTime = false
        while i < b.count {
            let c = b[i]
            if c >= 48 && c <= 57 {
                var value = 0
                var count = 0
                while i < b.count, b[i] >= 48 && b[i] <= 57 {
                    value = value * 10 + Int(b[i] - 48)
                    count += 1
                    i += 1
                    if count > 9 { return nil }
                }
                if i < b.count && b[i] == UInt8(ascii: ":") && count <= 2 {
                    i += 1
                    var minute = 0
                    var mcount = 0
                    while i < b.count, b[i] >= 48 && b[i] <= 57, mcount < 2 {
                        minute = minute * 10 + Int(b[i] - 48)
                        mcount += 1
                        i += 1
                    }
                    guard mcount == 2 else { return nil }
                    var second = 0.0
                    if i < b.count && b[i] == UInt8(ascii: ":") {
                        i += 1
                        var s = 0
                        var scount = 0
                        while i < b.count, b[i] >= 48 && b[i] <= 57, scount < 2 {
                            s = s * 10 + Int(b[i] - 48)
                            scount += 1
                            i += 1
                        }
                        second = Double(s)
                        if i < b.count && b[i] == UInt8(ascii: ".") {
                            i += 1
                            while i < b.count, b[i] >= 48 && b[i] <= 57 { i += 1 }
                        }
                    }
                    reading.take(.time(value, minute, second))
                    sawTime = true
                } else {
                    reading.take(.number(value, digits: count))
                }
            } else if (c == UInt8(ascii: "+") || c == UInt8(ascii: "-")) && sawTime && i + 2 < b.count
                && b[i + 1] >= 48 && b[i + 1] <= 57
            {
                let sign = c == UInt8(ascii: "-") ? -1 : 1
                i += 1
                // Up to four digits, colons skipped: `0200`, `02:00`, `02`, `200`, `2`.
                var digits = 0
                var count = 0
                while i < b.count, (b[i] >= 48 && b[i] <= 57) || b[i] == UInt8(ascii: ":"), count < 4 {
                    if b[i] != UInt8(ascii: ":") {
                        digits = digits * 10 + Int(b[i] - 48)
                        count += 1
                    }
                    i += 1
                }
                let hours: Int
                let minutes: Int
                switch count {
                case 4, 3: (hours, minutes) = (digits / 100, digits % 100)
                case 2, 1: (hours, minutes) = (digits, 0)
                default: return nil
                }
                reading.take(.zone(sign * (hours * 3600 + minutes * 60)))
            } else if c >= 0x80 || (c | 0x20) >= UInt8(ascii: "a") && (c | 0x20) <= UInt8(ascii: "z") {
                let begin = i
                while i < b.count,
                    b[i] >= 0x80 || ((b[i] | 0x20) >= UInt8(ascii: "a") && (b[i] | 0x20) <= UInt8(ascii: "z"))
                {
                    i += 1
                }
                reading.take(.word(Word(b[begin..<i])))
            } else {
                i += 1
            }
        }

        guard let month = reading.month, let day = reading.day, var year = reading.year else { return nil }
        if year < 100 { year += year < 50 ? 2000 : 1900 }
        var (hour, minute, second) = reading.time ?? (0, 0, 0)
        if let pm = reading.pm {
            if pm && hour < 12 { hour += 12 } else if !pm && hour == 12 { hour = 0 }
        }
        return epoch(
            year: year, month: month, day: day, hour: hour, minute: minute, second: second, offset: reading.offset)
    }

    private static func monthNumber(_ word: String) -> Int? {
        // The accents of French month names, folded by hand (Foundation's folding is slow).
        var folded = ""
        for character in word.unicodeScalars.prefix(5) {
            switch character {
            case "é", "è", "ê": folded.append("e")
            case "û", "ù": folded.append("u")
            case "â", "à": folded.append("a")
            default: folded.unicodeScalars.append(character)
            }
        }
        guard folded.unicodeScalars.count >= 3 else { return nil }
        let prefix = String(folded.prefix(4))
        guard prefix.utf8.allSatisfy({ $0 < 0x80 }) else { return nil }
        let key = key(prefix.utf8)
        return months.first { $0.key == key }?.value
    }

    /// Named zones of RFC 822 and the common ones feeds use.
    private static func zoneOffset(_ word: String) -> Int? {
        guard word.utf8.count <= 4, word.utf8.allSatisfy({ $0 < 0x80 }) else { return nil }
        let key = key(word.utf8)
        return zones.first { $0.key == key }?.value
    }

    // MARK: - Calendar arithmetic (proleptic Gregorian, no Foundation calendars)

    private static func epoch(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Double, offset: Int)
        -> Double?
    {
        guard (1...12).contains(month), (1...31).contains(day), (0...24).contains(hour), (0...59).contains(minute),
            second >= 0, second < 61, year > 0, year < 10_000
        else { return nil }
        guard day <= daysIn(month: month, year: year) else { return nil }
        let days = daysFromCivil(year: year, month: month, day: day)
        return Double(days * 86_400 + hour * 3600 + minute * 60 - offset) + min(second, 59.999_999)
    }

    private static func daysIn(month: Int, year: Int) -> Int { CivilDate.daysIn(month: month, year: year) }

    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        CivilDate.daysSinceEpoch(year: year, month: month, day: day)
    }

    static func civil(fromDays days: Int) -> (year: Int, month: Int, day: Int) { CivilDate.date(fromDays: days) }
}
