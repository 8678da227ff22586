import Foundation
import Testing
import VigieCore

@Suite struct RFC3339Tests {
    @Test(arguments: [
        ("1970-01-01T00:00:00Z", Int64(0)),
        ("2024-05-01T08:00:00Z", 1_714_550_400),
        ("2024-05-01t08:00:00z", 1_714_550_400),
        ("2024-05-01 08:00:00Z", 1_714_550_400),
        ("2024-05-01T10:00:00+02:00", 1_714_550_400),
        ("2024-05-01T03:30:00-04:30", 1_714_550_400),
        ("2024-05-01T08:00:00.999Z", 1_714_550_400),
        ("2024-02-29T23:59:59Z", 1_709_251_199),
        ("1969-12-31T23:00:00Z", -3600),
    ])
    func readsTimestamps(text: String, seconds: Int64) {
        #expect(RFC3339.parse(text) == seconds)
    }

    @Test(arguments: [
        "", "2024-05-01", "2024-05-01T08:00Z", "2024-13-01T08:00:00Z", "2023-02-29T08:00:00Z",
        "2024-05-01T24:00:00Z", "2024-05-01T08:00:00", "2024-05-01T08:00:00+0200", "2024-05-01T08:00:00Zjunk",
        "2024-05-01T08:00:00.Z", "yesterday at noon, give or take",
    ])
    func rejectsWhatIsNotRFC3339(text: String) {
        #expect(RFC3339.parse(text) == nil)
    }

    @Test(arguments: [Int64(0), 1_714_550_400, 951_782_400, -86_400, 4_102_444_799])
    func formatsAndReadsBack(seconds: Int64) throws {
        let text = RFC3339.format(seconds)
        #expect(text.count == 20)
        #expect(RFC3339.parse(text) == seconds)
    }

    @Test func formatsInUTC() {
        #expect(RFC3339.format(1_714_550_400) == "2024-05-01T08:00:00Z")
    }

    /// Dates format like their whole seconds, rounded towards the past (before 1970 too).
    @Test(arguments: [
        (1_714_550_400.75, "2024-05-01T08:00:00Z"), (-0.5, "1969-12-31T23:59:59Z"), (-86_401, "1969-12-30T23:59:59Z"),
    ])
    func formatsDatesToTheSecondBelow(seconds: Double, text: String) {
        #expect(RFC3339.format(Date(timeIntervalSince1970: seconds)) == text)
    }

    @Test func yearsPastFourDigitsAreWrittenWhole() {
        // 10000-01-01T00:00:00Z
        #expect(RFC3339.format(Int64(253_402_300_800)) == "10000-01-01T00:00:00Z")
    }

    @Test func readsDates() {
        #expect(RFC3339.date("2024-05-01T10:00:00+02:00") == Date(timeIntervalSince1970: 1_714_550_400))
        #expect(RFC3339.date("2024-05-01") == nil)
    }
}
