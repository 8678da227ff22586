import Foundation
import Testing
import VigieConfig
import VigieDetect

/// `alerts: detector:` is read into typed ``DetectorSettings``: every value is checked against its
/// range while reading, so `vigie config check` reports what `vigie watch` would refuse, with its line.
@Suite struct DetectorSettingsConfigTests {
    static func yaml(detector line: String) -> String {
        """
        storage: {path: v.db}
        brands: [Acme]
        sources:
          - url: https://example.org/rss
        alerts:
          detector:
            \(line)
        """
    }

    static func check(_ line: String) -> (Configuration?, [ConfigurationProblem]) {
        Configuration.check(
            yaml: yaml(detector: line), file: "vigie.yaml", baseDirectory: URL(fileURLWithPath: "/tmp"))
    }

    /// A value just outside each setting's range, and one inside it.
    static func outside(_ setting: DetectorSetting) -> Double {
        if let lower = setting.lower { return lower.inclusive ? lower.value - 1 : lower.value }
        if let upper = setting.upper { return upper.inclusive ? upper.value + 1 : upper.value }
        return .nan
    }

    static func inside(_ setting: DetectorSetting) -> Double {
        switch (setting.lower, setting.upper) {
        case (let low?, let high?):
            return setting.isWhole ? (low.value + high.value).rounded() / 2 : (low.value + high.value) / 2
        case (let low?, nil): return low.value + (setting.isWhole ? 1 : 1.25)
        case (nil, let high?): return high.value - 1
        case (nil, nil): return 1
        }
    }

    @Test(arguments: DetectorSetting.all.map(\.name))
    func aValueOutsideItsRangeIsReportedWithItsLineAndTheRange(name: String) throws {
        let setting = try #require(DetectorSetting.named[name])
        let value = Self.outside(setting)
        let (configuration, problems) = Self.check("\(name): \(value)")
        #expect(configuration == nil)
        let problem = try #require(problems.first)
        #expect(problems.count == 1, "\(problems)")
        #expect(problem.file == "vigie.yaml")
        #expect(problem.line == 7)
        #expect(problem.path == "alerts.detector.\(name)")
        #expect(problem.message.contains(name))
        #expect(problem.message.contains(setting.allowed), "\(problem.message)")
    }

    @Test(arguments: DetectorSetting.all.map(\.name))
    func aValueInsideItsRangeIsApplied(name: String) throws {
        let setting = try #require(DetectorSetting.named[name])
        let value = Self.inside(setting)
        let (configuration, problems) = Self.check("\(name): \(value)")
        let read = try #require(configuration, "\(problems)")
        var expected = DetectorSettings()
        setting.apply(value, to: &expected)
        #expect(read.alertSettings.detector == expected)
        #expect(read.alertSettings.detector != DetectorSettings(), "\(name): \(value) changed nothing")
    }

    @Test func aProbabilityOfTwoNamesTheFileLineSettingAndRange() throws {
        let (_, problems) = Self.check("false_alarm_probability: 2")
        let text = try #require(problems.first).description
        #expect(
            text
                == "vigie.yaml:7:30: error: alerts.detector.false_alarm_probability: false_alarm_probability must be a number strictly between 0 and 1, got 2"
        )
    }

    @Test func aMisspeltSettingIsLocatedAndTheNearestOneSuggested() throws {
        let (configuration, problems) = Self.check("flase_alarm_probability: 1e-5")
        #expect(configuration == nil)
        let problem = try #require(problems.first)
        #expect(problem.line == 7)
        #expect(problem.message.contains("did you mean \"false_alarm_probability\""), "\(problem.message)")
    }

    @Test func aWholeNumberSettingRefusesAFraction() throws {
        let (_, problems) = Self.check("warmup_buckets: 2.5")
        #expect(try #require(problems.first).message.contains("a whole number"))
    }
}
