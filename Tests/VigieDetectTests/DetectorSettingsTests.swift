import Foundation
import Testing
import VigieDetect

@Suite struct DetectorSettingsTests {
    @Test func theDefaultsAreValid() throws {
        try DetectorSettings().validate()
    }

    @Test(arguments: [
        "bucketSeconds", "windows", "falseAlarmProbability", "shareHistoryBuckets", "surgeCap",
        "negativeThreshold",
    ])
    func aBadSettingIsNamed(name: String) {
        var settings = DetectorSettings()
        switch name {
        case "bucketSeconds": settings.bucketSeconds = 7 * 3600
        case "windows": settings.windows = []
        case "falseAlarmProbability": settings.falseAlarmProbability = 0
        case "shareHistoryBuckets": settings.windows = [1, 500]
        case "surgeCap": settings.surgeCap = 0.5
        default: settings.negativeThreshold = -3
        }
        #expect {
            try settings.validate()
        } throws: { error in
            guard let error = error as? DetectError else { return false }
            return error.code == .invalidSettings && error.message.contains(name)
        }
    }

    @Test func settingsRoundTripThroughJSON() throws {
        var settings = DetectorSettings()
        settings.windows = [1, 6]
        settings.cooldownBuckets = 12
        let decoded = try JSONDecoder().decode(DetectorSettings.self, from: JSONEncoder().encode(settings))
        #expect(decoded == settings)
    }
}
