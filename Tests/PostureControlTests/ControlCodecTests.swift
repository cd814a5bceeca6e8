import PostureCoaching
import PostureControl
import Testing

@Suite("Control codec")
struct ControlCodecTests {
    static let all: [ControlCommand] = [.status, .calibrate, .snooze(seconds: 1800), .snooze(seconds: 0), .stretch, .ack, .stats(days: 7),
                                          .stats(days: 3650, offset: 100),
                                          .pause(.resumed), .pause(.tomorrow), .pause(.off),
                                          .routine(name: "daily"), .routineStatus, .routineStop, .routineSkip]

    @Test func requestLinesAreTheWireFormat() {
        // The JSON lines older clients and daemons exchange: they must not change.
        #expect(ControlCodec.encode(.status) == #"{"cmd":"status"}"#)
        #expect(ControlCodec.encode(.calibrate) == #"{"cmd":"calibrate"}"#)
        #expect(ControlCodec.encode(.snooze(seconds: 1800)) == #"{"cmd":"snooze","seconds":1800}"#)
        #expect(ControlCodec.encode(.snooze(seconds: 90.5)) == #"{"cmd":"snooze","seconds":90.5}"#)
        #expect(ControlCodec.encode(.stretch) == #"{"cmd":"stretch"}"#)
        #expect(ControlCodec.encode(.ack) == #"{"cmd":"ack"}"#)
        #expect(ControlCodec.encode(.stats(days: 3)) == #"{"cmd":"stats","days":3}"#)
        #expect(ControlCodec.encode(.routine(name: "daily")) == #"{"cmd":"routine","name":"daily"}"#)
        #expect(ControlCodec.encode(.routineStatus) == #"{"cmd":"routine_status"}"#)
        #expect(ControlCodec.encode(.stats(days: 3650, offset: 100)) == #"{"cmd":"stats","days":3650,"offset":100}"#)
        #expect(ControlCodec.encode(.pause(.tomorrow)) == #"{"cmd":"pause","until":"tomorrow"}"#)
    }

    @Test func statsPagesAreCheckedAndAnnounced() throws {
        #expect(try ControlCodec.decodeCommand(#"{"cmd":"stats","days":10,"offset":9}"#).get() == .stats(days: 10, offset: 9))
        for bad in [#"{"cmd":"stats","days":10,"offset":10}"#, #"{"cmd":"stats","days":10,"offset":-1}"#] {
            guard case .failure(let r) = ControlCodec.decodeCommand(Substring(bad)) else {
                Issue.record("\(bad) accepted")
                continue
            }
            #expect(r.error == "\"offset\" must be 0 to 9 (below \"days\")")
        }
        let page = ControlResponse(ok: true, stats: [], nextOffset: 100)
        #expect(ControlCodec.encode(page) == #"{"next_offset":100,"ok":true,"stats":[]}"#)
        #expect(ControlCodec.decodeResponse(Array(ControlCodec.encode(page).utf8)) == page)
    }

    @Test(arguments: all) func everyCommandRoundTrips(_ command: ControlCommand) throws {
        let decoded = try ControlCodec.decodeCommand(Substring(ControlCodec.encode(command))).get()
        #expect(decoded == command)
        #expect(ControlCommand.names.contains(command.name))
    }

    @Test func namesCoverEveryCommand() {
        #expect(Set(Self.all.map(\.name)) == Set(ControlCommand.names))
    }

    @Test func statsDaysDefaultsToAWeek() throws {
        #expect(try ControlCodec.decodeCommand(#"{"cmd":"stats"}"#).get() == .stats(days: 7))
        // Fields a command does not use are ignored, as before.
        #expect(try ControlCodec.decodeCommand(#"{"cmd":"status","days":3}"#).get() == .status)
    }

    @Test(arguments: [
        ("", "not a JSON request object"),
        ("status", "not a JSON request object"),
        ("{\"cmd\":", "not a JSON request object"),
        ("[\"status\"]", "not a JSON request object"),
        ("{\"command\":\"status\"}", "not a JSON request object"),
        ("{\"cmd\":7}", "not a JSON request object"),
        ("{\"cmd\":\"snooze\",\"seconds\":\"ten\"}", "not a JSON request object"),
        ("{\"cmd\":\"stats\",\"days\":1.5}", "not a JSON request object"),
    ])
    func badJSONIsRefusedWithAnExample(line: String, message: String) {
        let result = ControlCodec.decodeCommand(Substring(line))
        guard case .failure(let response) = result else {
            Issue.record("\(line) was accepted as \(result)")
            return
        }
        #expect(!response.ok)
        #expect(response.error?.contains(message) == true)
        #expect(response.error?.contains(#"{"cmd":"status"}"#) == true)
    }

    @Test(arguments: [
        ("{\"cmd\":\"snooze\"}", "snooze needs \"seconds\" from 0 (off) to 604800"),
        ("{\"cmd\":\"snooze\",\"seconds\":-1}", "snooze needs \"seconds\" from 0 (off) to 604800"),
        ("{\"cmd\":\"snooze\",\"seconds\":604801}", "snooze needs \"seconds\" from 0 (off) to 604800"),
        ("{\"cmd\":\"stats\",\"days\":0}", "\"days\" must be 1 to 3650"),
        ("{\"cmd\":\"stats\",\"days\":3651}", "\"days\" must be 1 to 3650"),
        ("{\"cmd\":\"nonsense\"}", "unknown command \"nonsense\" (known: status, calibrate, snooze, stretch, ack, stats, pause, routine, routine_status, routine_stop, routine_skip)"),
        ("{\"cmd\":\"pause\",\"until\":\"later\"}", "pause needs \"until\": \"resumed\", \"tomorrow\", \"off\""),
        ("{\"cmd\":\"routine\"}", "routine needs \"name\""),
        ("{\"cmd\":\"STATUS\"}", "unknown command \"STATUS\""),
    ])
    func badValuesAndUnknownCommandsAreNamed(line: String, message: String) {
        let result = ControlCodec.decodeCommand(Substring(line))
        guard case .failure(let response) = result else {
            Issue.record("\(line) was accepted as \(result)")
            return
        }
        #expect(!response.ok)
        #expect(response.error?.contains(message) == true, "\(response.error ?? "no error")")
    }

    @Test func commandsMadeInCodeAreCheckedTheSameWay() throws {
        #expect(throws: ControlCommandError.self) { try ControlCommand.snooze(seconds: .infinity).validated().get() }
        #expect(throws: ControlCommandError.self) { try ControlCommand.snooze(seconds: -5).validated().get() }
        #expect(throws: ControlCommandError.self) { try ControlCommand.stats(days: 0).validated().get() }
        #expect(try ControlCommand.snooze(seconds: 604800).validated().get() == .snooze(seconds: 604800))
        #expect(try ControlCommand.ack.validated().get() == .ack)
    }

    @Test func responsesRoundTripWithTheirFieldNames() throws {
        var counters = DailyCounters()
        counters.slouchAlerts = 2
        counters.slouchedSeconds = 61.5
        var status = StatusReport(
            posture: "upright", activity: "sitting", calibrated: true, tiltDegrees: 3.2, pitchDegrees: 2, rollDegrees: -1,
            sittingSeconds: 120, snoozeUntil: nil, snoozeRemainingSeconds: nil, quietHoursNow: false,
            sensor: SensorReport(chip: "MPU-6050 at 0x68", state: "ok", detail: nil, samples: 100, lastSampleAgeSeconds: 0.1, faults: 0),
            uptimeSeconds: 10, mock: true)
        status.alertsIgnoredInARow = 3
        status.alertBackoffFactor = 4
        counters.correctedAfterAlert = 5
        counters.alertsBackedOff = 2
        let response = ControlResponse(ok: true, message: "hi", status: status, stats: [DayStats(day: "2026-12-01", counters: counters)])
        let line = ControlCodec.encode(response)
        #expect(line.hasPrefix(#"{"message":"hi","ok":true,"stats":[{"counters":{"#))
        #expect(line.contains(#""tilt_deg":3.2"#) && line.contains(#""last_sample_age_s":0.1"#) && line.contains(#""slouch_alerts":2"#))
        #expect(line.contains(#""alerts_ignored_in_a_row":3"#) && line.contains(#""alert_backoff_factor":4"#))
        #expect(line.contains(#""corrected_after_alert":5"#) && line.contains(#""alerts_backed_off":2"#))
        #expect(ControlCodec.decodeResponse(Array(line.utf8)) == response)
        #expect(ControlCodec.encode(ControlResponse.failure("no")) == #"{"error":"no","ok":false}"#)
        #expect(ControlCodec.decodeResponse(Array("not json".utf8)) == nil)
    }
}
