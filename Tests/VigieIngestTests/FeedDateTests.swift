import Foundation
import Testing
import VigieCore
import VigieIngest

@Suite struct FeedDateTests {
    @Test(arguments: [
        ("Mon, 06 May 2024 08:00:00 +0200", "2024-05-06T06:00:00Z"),
        ("06 May 2024 08:00:00 GMT", "2024-05-06T08:00:00Z"),  // no weekday
        ("Mon, 6 May 24 08:00 EST", "2024-05-06T13:00:00Z"),  // two-digit year, no seconds, named zone
        ("Thu, 01 Jan 04 19:48:21 PDT", "2004-01-02T02:48:21Z"),
        ("Sat, 07 Sep 2002 00:00:01 GMT", "2002-09-07T00:00:01Z"),
        ("Tue, 10 Jun 2003 09:41:01 +01:00", "2003-06-10T08:41:01Z"),
        ("Mon, 06 May 2024 08:00:00 +530", "2024-05-06T02:30:00Z"),  // three-digit offset
        ("Mon, 06 May 2024 08:00:00 -02", "2024-05-06T10:00:00Z"),  // hours only
        ("Wed, 02 Oct 2002 13:00:00 Z", "2002-10-02T13:00:00Z"),
        ("lun., 6 mai 2024 08:00:00 +0200", "2024-05-06T06:00:00Z"),  // French
        ("mar. 7 mai 2024 10:00", "2024-05-07T10:00:00Z"),  // "mar." is Tuesday, not March
        ("mercredi 14 août 2024 18:30:00 CEST", "2024-08-14T16:30:00Z"),
        ("1 déc. 2023 09:00:00 +0100", "2023-12-01T08:00:00Z"),
        ("2024-05-01T08:00:00Z", "2024-05-01T08:00:00Z"),
        ("2024-05-01T10:00:00+02:00", "2024-05-01T08:00:00Z"),
        ("2024-05-01T10:00:00.123-05:00", "2024-05-01T15:00:00Z"),
        ("2024-05-01 10:00:00", "2024-05-01T10:00:00Z"),  // no T, no zone
        ("2024-05-01", "2024-05-01T00:00:00Z"),
        ("2024-05", "2024-05-01T00:00:00Z"),
        ("20240501T100000Z", "2024-05-01T10:00:00Z"),
        ("Thu Jan  1 19:48:21 2004", "2004-01-01T19:48:21Z"),  // asctime
        ("  2003-12-31T10:14:55Z  ", "2003-12-31T10:14:55Z"),
        ("MON, 06 MAY 2024 08:00:00 Gmt", "2024-05-06T08:00:00Z"),  // names in any case
        ("6 FÉVR. 2024 08:00 CET", "2024-02-06T07:00:00Z"),  // an accented capital
        ("6 février 2024 08:00", "2024-02-06T08:00:00Z"),
        ("May 6, 2024 8:05 PM", "2024-05-06T20:05:00Z"),  // twelve-hour clock
        ("May 6, 2024 12:05 am", "2024-05-06T00:05:00Z"),
        ("Tue, 7 March 2024 10:00 +0000", "2024-03-07T10:00:00Z"),
        ("mar. 5 mars 2024 10:00 AEDT", "2024-03-04T23:00:00Z"),  // a later month name wins over "mar."
        ("2024-05-01T08:00:00 utc", "2024-05-01T08:00:00Z"),
        ("2024-05-01T08:00:00UT", "2024-05-01T08:00:00Z"),
    ])
    func reads(input: String, expected: String) throws {
        let date = try #require(FeedDate.parse(input))
        #expect(RFC3339.format(date) == expected)
    }

    @Test(arguments: [
        "", "yesterday", "2024-13-01T00:00:00Z", "31 Feb 2024 10:00:00 GMT", "Mon, 99 May 2024", "12345",
        "2024-05-01T08:00:00 utcx", "6 ja 2024",
    ])
    func refuses(input: String) {
        #expect(FeedDate.parse(input) == nil)
    }

    @Test func formatsBeforeTheEpoch() {
        #expect(RFC3339.format(Date(timeIntervalSince1970: -86_400)) == "1969-12-31T00:00:00Z")
    }
}
