import Foundation
import PostureCore
import Testing
@testable import PostureConfig

@Suite struct ConfigTests {
    @Test func emptyFileGivesDefaults() throws {
        let config = try PostureConfiguration.parse("")
        #expect(config == PostureConfiguration())
        #expect(config.pipeline.slouch.angleDegrees == 15)
        #expect(config.pipeline.slouch.alertAfterSeconds == 30)
        #expect(config.pipeline.sitting.nudgeAfterSeconds == 1800)
        #expect(config.pipeline.stretch.holdTargetSeconds == 20)
        #expect(config.pipeline.sensor.forwardAxis == SignedAxis("+x"))
    }

    @Test func readsTheSpecKeys() throws {
        let config = try PostureConfiguration.parse("""
            [sensor]
            forward_axis = "-y"
            [slouch]
            angle_deg = 20
            alert_after_s = 45.5
            [sitting]
            nudge_after_s = 1200.0
            [stretch]
            hold_target_s = 30.0
            """)
        #expect(config.pipeline.sensor.forwardAxis == SignedAxis("-y"))
        #expect(config.pipeline.slouch.angleDegrees == 20)
        #expect(config.pipeline.slouch.alertAfterSeconds == 45.5)
        #expect(config.pipeline.sitting.nudgeAfterSeconds == 1200)
        #expect(config.pipeline.stretch.holdTargetSeconds == 30)
    }

    @Test(arguments: [
        ("[slouch]\nangle_deg = 500.0\n", "slouch.angle_deg", 2, "500.0 is out of range"),
        ("[slouch]\n\nangle_dge = 10.0\n", "slouch.angle_dge", 3, "unknown key"),
        ("[slouchy]\nangle_deg = 10.0\n", "slouchy", 1, "unknown section"),
        ("[sensor]\nforward_axis = \"up\"\n", "sensor.forward_axis", 2, "\"up\" is not allowed"),
        ("[stretch]\nhold_target_s = \"long\"\n", "stretch.hold_target_s", 2, "expected a number, found a string"),
        ("[nudge]\npositive_feedback = \"yes\"\n", "nudge.positive_feedback", 2, "found a string"),
        ("[nudge]\n\nresponse_window_s = 1.0\n", "nudge.response_window_s", 3, "1.0 is out of range"),
        ("[nudge]\nbackoff_after = -1\n", "nudge.backoff_after", 2, "-1 is out of range"),
        ("[nudge]\nbackoff_max_factor = 100.0\n", "nudge.backoff_max_factor", 2, "100.0 is out of range"),
        ("[nudge]\npositive_pattern = [5]\n", "nudge.positive_pattern", 2, "from 10 to 5000 ms"),
    ])
    func refusesBadValuesNamingKeyValueAndRange(text: String, key: String, line: Int, message: String) {
        do {
            _ = try PostureConfiguration.parse(text, file: "bad.toml")
            Issue.record("expected an error")
        } catch {
            #expect(error.key == key)
            #expect(error.line == line)
            #expect(error.message.contains(message), "\(error.description)")
            #expect(error.description.hasPrefix("bad.toml:\(line): \(key): "))
        }
    }

    @Test func readsTheSmarterNudgeKeys() throws {
        let config = try PostureConfiguration.parse("""
            [nudge]
            positive_feedback = false
            positive_pattern = [50, 50, 50]
            response_window_s = 45
            backoff_after = 3
            backoff_max_factor = 8
            """)
        let n = config.daemon.nudge
        #expect(!n.positiveFeedback && n.positivePattern.stepsMilliseconds == [50, 50, 50])
        #expect(n.responseWindowSeconds == 45 && n.backoffAfter == 3 && n.backoffMaxFactor == 8)
        let defaults = PostureConfiguration().daemon.nudge
        #expect(defaults.positiveFeedback && defaults.backoffAfter == 2 && defaults.backoffMaxFactor == 4)
    }

    @Test func syntaxErrorsCarryTheLine() {
        do {
            _ = try PostureConfiguration.parse("[slouch]\nangle_deg = = 3\n", file: "syn.toml")
            Issue.record("expected an error")
        } catch {
            #expect(error.line == 2)
            #expect(error.message.hasPrefix("TOML syntax"))
        }
    }

    @Test func documentedDefaultsParseBackToDefaults() throws {
        let text = PostureConfiguration().documentedTOML()
        #expect(try PostureConfiguration.parse(text) == PostureConfiguration())
        for spec in PostureConfiguration.schema {
            #expect(text.contains("\n\(spec.name) = "), "\(spec.path) is not in the documented file")
            #expect(!spec.doc.isEmpty, "\(spec.path) has no documentation")
        }
    }

    @Test func missingFileIsAnError() {
        #expect(throws: ConfigError.self) { try PostureConfiguration.load(path: "/nonexistent/posture.toml") }
    }
}

@Suite struct ExampleConfigFileTests {
    /// config/posture.toml is what users copy: it must list every key with its default.
    /// After adding or changing a key: `swift run posture config defaults > config/posture.toml`.
    @Test func exampleFileMatchesTheSchema() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../config/posture.toml").standardized.path
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text == PostureConfiguration().documentedTOML(),
                "config/posture.toml is stale: run `swift run posture config defaults > config/posture.toml`")
        #expect(try PostureConfiguration.load(path: path) == PostureConfiguration())
    }
}
