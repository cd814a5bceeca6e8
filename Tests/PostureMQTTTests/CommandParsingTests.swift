import PostureControl
import PostureMQTT
import Testing

@Suite struct CommandParsingTests {
    let topics = HomeAssistantTopics(base: "posture", discoveryPrefix: "homeassistant", nodeID: "posture_pi")
    var parser: HomeAssistantCommandParser { HomeAssistantCommandParser(topics: topics, snoozeDefaultSeconds: 1800) }

    func parse(_ topic: String, _ payload: String) -> Result<HomeAssistantMessage, HomeAssistantMessageError> {
        parser.parse(topic: topic, payload: Array(payload.utf8))
    }

    @Test func commandsMapToControlCommands() {
        #expect(parse("posture/pause/set", "ON") == .success(.command(.pause(.resumed))))
        #expect(parse("posture/pause/set", " off\n") == .success(.command(.pause(.off))))
        #expect(parse("posture/calibrate/press", "PRESS") == .success(.command(.calibrate)))
        #expect(parse("posture/stretch/press", "PRESS") == .success(.command(.stretch)))
        #expect(parse("posture/snooze/set", "PRESS") == .success(.command(.snooze(seconds: 1800))))
        #expect(parse("posture/snooze/set", "30m") == .success(.command(.snooze(seconds: 1800))))
        #expect(parse("posture/snooze/set", "90") == .success(.command(.snooze(seconds: 90))))
        #expect(parse("posture/snooze/set", "OFF") == .success(.command(.snooze(seconds: 0))))
        #expect(parse("homeassistant/status", "online") == .success(.republishDiscovery))
        #expect(parse("homeassistant/status", "offline") == .success(.ignored))
    }

    @Test func badMessagesAreRefusedWithTheReason() {
        let cases: [(String, [UInt8], String)] = [
            ("posture/pause/set", Array("maybe".utf8), "expected ON or OFF"),
            ("posture/snooze/set", Array("30 years".utf8), "expected PRESS, OFF or a duration"),
            ("posture/snooze/set", Array("8d".utf8), "snooze needs"),
            ("posture/calibrate/press", Array("now".utf8), "expected PRESS"),
            ("posture/other", Array("ON".utf8), "not a topic of this device"),
            ("posture/pause/set", [0xff, 0xfe], "not UTF-8"),
            ("posture/pause/set", Array(repeating: 0x41, count: 65), "65 bytes"),
            ("homeassistant/status", Array("maybe".utf8), "expected online or offline"),
        ]
        for (topic, payload, reason) in cases {
            guard case .failure(let error) = parser.parse(topic: topic, payload: payload) else {
                Issue.record("\(topic) \(payload) accepted")
                continue
            }
            #expect(error.reason.contains(reason), "\(error)")
            #expect(error.topic == topic)
        }
    }

    @Test func controlCharactersAreNotLogged() {
        guard case .failure(let error) = parse("posture/pause/set", "a\u{1b}[2Jb") else {
            Issue.record("accepted")
            return
        }
        #expect(!error.reason.contains("\u{1b}"))
    }
}

@Suite struct HomeAssistantStateNudgeTests {
    @Test func theStateCarriesTheAnsweredAlertsAndTheBackOff() {
        var s = HomeAssistantState()
        #expect(s.json.hasSuffix(#","corrected_after_alert_today":0,"alert_backoff_factor":1.0}"#))
        s.correctedAfterAlertToday = 4
        s.alertBackoffFactor = 2
        #expect(s.json.hasSuffix(#","corrected_after_alert_today":4,"alert_backoff_factor":2.0}"#))
    }
}
