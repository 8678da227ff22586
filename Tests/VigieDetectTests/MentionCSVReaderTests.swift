import Foundation
import Testing
import VigieDetect

@Suite struct MentionCSVReaderTests {
    private func read(_ csv: String) throws -> MentionHistory {
        var text = csv
        return try text.withUTF8 { try MentionCSVReader().read(bytes: UnsafeRawBufferPointer($0), name: "test.csv") }
    }

    private func readError(_ csv: String) -> DetectError? {
        do {
            _ = try read(csv)
            return nil
        } catch let error as DetectError {
            return error
        } catch {
            return nil
        }
    }

    @Test func countsMentionsAndNegativesPerBrandAndHour() throws {
        let history = try read(
            """
            time,brand,score,lang
            2024-05-01T08:10:00Z,acme,-0.5,fr
            2024-05-01T08:50:00Z,acme,0.3,en
            2024-05-01T08:59:59Z,globex,-0.05,en
            2024-05-01T10:00:00Z,acme,-0.049,fr

            """)
        #expect(history.count == 4)
        let acme = try #require(history.timelines.first { $0.brand == "acme" })
        #expect(acme.firstIndex * 3600 == 1_714_550_400)
        #expect(acme.mentions == [2, 0, 1])
        #expect(acme.negatives == [1, 0, 0])
        let globex = try #require(history.timelines.first { $0.brand == "globex" })
        #expect(globex.negatives == [1])
    }

    @Test func acceptsAnyColumnOrderQuotesCRLFAndUnsortedRows() throws {
        let csv =
            "score,extra,Brand,time\r\n"
            + "-0.9,\"a, b\",\"Ac\"\"me\",2024-05-01T09:00:00Z\r\n"
            + "0.1,x,\"Ac\"\"me\",2024-05-01T07:30:00+00:00\r\n"
            + "1e-1,,\"Ac\"\"me\",2024-05-01T08:00:00.5Z\r\n"
        let history = try read(csv)
        let timeline = try #require(history.timelines.first)
        #expect(timeline.brand == "Ac\"me")
        #expect(timeline.mentions == [1, 1, 1])
        #expect(timeline.negatives == [0, 0, 1])
        #expect(timeline.firstIndex * 3600 == 1_714_546_800)
    }

    @Test(arguments: [
        ("when,brand,score\n", "time", 1),
        ("time,name,score\n", "brand", 1),
        ("time,brand,sentiment\n", "score", 1),
    ])
    func aMissingColumnIsNamed(header: String, column: String, line: Int) throws {
        let error = try #require(readError(header + "2024-05-01T08:00:00Z,acme,0.1\n"))
        #expect(error.code == .missingColumn)
        #expect(error.message.contains("`\(column)`"))
        #expect(error.line == line)
        #expect(error.file == "test.csv")
        #expect(error.description.hasPrefix("test.csv:1: "))
    }

    @Test(arguments: [
        ("2024-05-01T08:00:00Z,acme,0.1\n2024-05-01 8h,acme,0.2\n", 3, "unreadable time"),
        ("2024-05-01T08:00:00Z,acme,0.1\n\n2024-05-01T08:00:00Z,acme,-2\n", 4, "unreadable score"),
        ("2024-05-01T08:00:00Z,acme,zero\n", 2, "unreadable score"),
        ("2024-05-01T08:00:00Z,,0.1\n", 2, "empty brand"),
        ("2024-05-01T08:00:00Z,acme\n", 2, "fields"),
        ("2024-05-01T08:00:00Z,\"acme,0.1\n", 2, "quoted field"),
    ])
    func aBadRowIsLocated(rows: String, line: Int, words: String) throws {
        let error = try #require(readError("time,brand,score\n" + rows))
        #expect(error.code == .malformedRow)
        #expect(error.line == line)
        #expect(error.message.contains(words))
    }

    @Test func readsAFileAndNamesItWhenMissing() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("vigie-reader-\(UUID()).csv")
        try Data("time,brand,score\n2024-05-01T08:00:00Z,acme,-0.2\n".utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let history = try MentionCSVReader().read(path: url.path)
        #expect(history.timelines.first?.negatives == [1])
        let missing = url.path + ".nope"
        #expect {
            try MentionCSVReader().read(path: missing)
        } throws: { error in
            (error as? DetectError)?.code == .unreadableFile && (error as? DetectError)?.file == missing
        }
    }

    @Test func bucketsFollowTheSettings() throws {
        var settings = DetectorSettings()
        settings.bucketSeconds = 900
        settings.negativeThreshold = -0.3
        var csv = "time,brand,score\n2024-05-01T08:00:00Z,acme,-0.2\n2024-05-01T08:16:00Z,acme,-0.4\n"
        let history = try csv.withUTF8 {
            try MentionCSVReader(settings: settings).read(bytes: UnsafeRawBufferPointer($0), name: "q.csv")
        }
        #expect(history.timelines.first?.mentions == [1, 1])
        #expect(history.timelines.first?.negatives == [0, 1])
    }
}
