import Testing
@testable import PostureCore

/// One event of every payload case, with the exact line the codec must write for it (the
/// format of the golden files: field order and fraction digits). Values are exact at the
/// printed precision, so decoding gives the same event back.
private let examples: [(event: PostureEvent, line: String)] = [
    (.calibrated(at: 1, up: Vector3(0, 0.5, -1)),
     #"{"t":1.000,"event":"calibrated","up":[0.0000,0.5000,-1.0000]}"#),
    (.calibrated(at: 2.5, up: Vector3(0.25, 0, 1), source: .automatic),
     #"{"t":2.500,"event":"calibrated","up":[0.2500,0.0000,1.0000],"source":"auto"}"#),
    (.posture(at: 3.25, state: .slouched), #"{"t":3.250,"event":"posture","state":"slouched"}"#),
    (.slouchAlert(at: 40, slouchedSeconds: 30.5), #"{"t":40.000,"event":"slouch_alert","slouched_s":30.5}"#),
    (.activity(at: 5, state: .walking), #"{"t":5.000,"event":"activity","state":"walking"}"#),
    (.sittingNudge(at: 1900, sittingSeconds: 1800), #"{"t":1900.000,"event":"sitting_nudge","sitting_s":1800.0}"#),
    (PostureEvent(timeSeconds: 10, payload: .holdStart(pitchDegrees: -20.5, rollDegrees: 1.5)),
     #"{"t":10.000,"event":"hold_start","pitch_deg":-20.5,"roll_deg":1.5}"#),
    (PostureEvent(timeSeconds: 31.5, payload: .holdEnd(HoldEndSummary(
        durationSeconds: 21.5, targetMet: true, bounces: 2, jerks: 0, pitchDegrees: -20.5, rollDegrees: 1.5,
        startSeconds: 10.125))),
     #"{"t":31.500,"event":"hold_end","duration_s":21.5,"target_met":true,"bounces":2,"jerks":0,"pitch_deg":-20.5,"roll_deg":1.5,"start_t":10.125}"#),
    (PostureEvent(timeSeconds: 31.5, payload: .holdEnd(HoldEndSummary(
        durationSeconds: 8, targetMet: false, bounces: 0, jerks: 1, pitchDegrees: 30, rollDegrees: 0,
        startSeconds: 23.5, breathsPerMinute: 7.5))),
     #"{"t":31.500,"event":"hold_end","duration_s":8.0,"target_met":false,"bounces":0,"jerks":1,"pitch_deg":30.0,"roll_deg":0.0,"start_t":23.500,"breaths_per_min":7.5}"#),
    (PostureEvent(timeSeconds: 60, payload: .holdEnd(HoldEndSummary(
        durationSeconds: 25, targetMet: true, bounces: 0, jerks: 0, pitchDegrees: 5, rollDegrees: -4,
        startSeconds: 35, exercise: ExerciseRecognition(exercise: .seatedTwist, side: .left), exerciseDegrees: 45,
        deepBreaths: 3))),
     #"{"t":60.000,"event":"hold_end","duration_s":25.0,"target_met":true,"bounces":0,"jerks":0,"pitch_deg":5.0,"roll_deg":-4.0,"start_t":35.000,"exercise":"seated_twist","side":"left","exercise_deg":45.0,"deep_breaths":3}"#),
    (PostureEvent(timeSeconds: 12, payload: .bounce(frequencyHz: 1.25, amplitudeDegrees: 4.5, axis: .roll)),
     #"{"t":12.000,"event":"bounce","frequency_hz":1.25,"amplitude_deg":4.5,"axis":"roll"}"#),
    (PostureEvent(timeSeconds: 13, payload: .jerk(peakDegreesPerSecond: 180.5)),
     #"{"t":13.000,"event":"jerk","peak":180.5,"peak_deg_s":180.5}"#),
    (.fault(at: 12.5, kind: "bus", detail: "no ack \"0x68\"\n\u{1}"),
     #"{"t":12.500,"event":"fault","kind":"bus","detail":"no ack \"0x68\"\n\u0001"}"#),
    (PostureEvent(timeSeconds: 9, payload: .stretchStart(reason: .afterNudge)),
     #"{"t":9.000,"event":"stretch_start","reason":"after_nudge"}"#),
    (PostureEvent(timeSeconds: 99, payload: .stretchEnd(durationSeconds: 90, holds: 4, holdsTargetMet: 3)),
     #"{"t":99.000,"event":"stretch_end","duration_s":90.0,"holds":4,"holds_target_met":3}"#),
    (PostureEvent(timeSeconds: 50, payload: .repetition(count: 3, exercise: "cat-cow")),
     #"{"t":50.000,"event":"repetition","count":3,"exercise":"cat-cow"}"#),
    (PostureEvent(timeSeconds: 60, payload: .breathHeld(heldSeconds: 15.5)),
     #"{"t":60.000,"event":"breath_held","held_s":15.5}"#),
    (PostureEvent(timeSeconds: 70, payload: .twist(countToday: 2)), #"{"t":70.000,"event":"twist","count_today":2}"#),
    (.sensorRecovered(at: 1_700_000_000.25, downSeconds: 3.5),
     #"{"t":1700000000.250,"event":"sensor_recovered","down_s":3.5}"#),
    (PostureEvent(timeSeconds: 80, payload: .routineStep(RoutineStepStart(
        routine: "daily", step: 3, steps: 5, exercise: "knee_to_chest", side: "left", goal: "knee_to_chest 2x20s per side"))),
     #"{"t":80.000,"event":"routine_step","routine":"daily","step":3,"steps":5,"exercise":"knee_to_chest","side":"left","goal":"knee_to_chest 2x20s per side"}"#),
    (PostureEvent(timeSeconds: 900, payload: .routineEnd(RoutineEndSummary(
        routine: "daily", durationSeconds: 812.5, steps: 5, stepsDone: 4, stepsSkipped: 1, stepsTimedOut: 0, holds: 9,
        holdsTargetMet: 8, holdSeconds: 250.5, repetitions: 25, bounces: 1, jerks: 2, leftHolds: 4, rightHolds: 3,
        unconfirmed: 2, stopped: false))),
     #"{"t":900.000,"event":"routine_end","routine":"daily","duration_s":812.5,"steps":5,"steps_done":4,"steps_skipped":1,"steps_timed_out":0,"holds":9,"holds_target_met":8,"hold_s":250.5,"repetitions":25,"bounces":1,"jerks":2,"left_holds":4,"right_holds":3,"unconfirmed":2,"stopped":false}"#),
    (PostureEvent(timeSeconds: 80, payload: .otherSideDue(exercise: .sideBend, side: .right)),
     #"{"t":80.000,"event":"other_side_due","exercise":"side_bend","side":"right"}"#),
    (PostureEvent(timeSeconds: 81, payload: .deepBreaths(count: 3, exercise: .childsPose)),
     #"{"t":81.000,"event":"deep_breaths","count":3,"exercise":"childs_pose"}"#),
    (PostureEvent(timeSeconds: 82, payload: .warmUpCue(sittingSeconds: 1800, walkedSeconds: 20.5, exercise: .forwardFold)),
     #"{"t":82.000,"event":"warm_up_cue","sitting_s":1800.0,"walked_s":20.5,"exercise":"forward_fold"}"#),
    (PostureEvent(timeSeconds: 83, payload: .sideBalance(SideBalance(
        exercise: .seatedTwist, leftHolds: 2, rightHolds: 1, leftSeconds: 50, rightSeconds: 22.5,
        leftDegrees: 48, rightDegrees: 40.5))),
     #"{"t":83.000,"event":"side_balance","exercise":"seated_twist","left_holds":2,"right_holds":1,"left_s":50.0,"right_s":22.5,"left_deg":48.0,"right_deg":40.5,"diff_s":27.5,"diff_deg":7.5}"#),
    (PostureEvent(timeSeconds: 84, payload: .holdStart(pitchDegrees: 2, rollDegrees: -25,
                                                       exercise: ExerciseRecognition(exercise: .sideBend, side: .left))),
     #"{"t":84.000,"event":"hold_start","pitch_deg":2.0,"roll_deg":-25.0,"exercise":"side_bend","side":"left"}"#),
    (PostureEvent(timeSeconds: 85, payload: .slouchCorrected(SlouchCorrection(afterAlertSeconds: 12.5, tap: "played"))),
     #"{"t":85.000,"event":"slouch_corrected","after_alert_s":12.5,"tap":"played"}"#),
    (PostureEvent(timeSeconds: 86, payload: .alertWithheld(AlertWithheld(
        alert: "slouch_alert", reason: "budget", ignoredInARow: 3, backoffFactor: 4))),
     #"{"t":86.000,"event":"alert_withheld","alert":"slouch_alert","reason":"budget","ignored_in_a_row":3,"backoff_factor":4.0}"#),
]

/// An exhaustive switch: a new payload case does not compile until it has an example above.
private func caseIndex(_ p: EventPayload) -> Int {
    switch p {
    case .calibrated: 0
    case .posture: 1
    case .slouchAlert: 2
    case .activity: 3
    case .sittingNudge: 4
    case .holdStart: 5
    case .holdEnd: 6
    case .bounce: 7
    case .jerk: 8
    case .fault: 9
    case .stretchStart: 10
    case .stretchEnd: 11
    case .repetition: 12
    case .breathHeld: 13
    case .twist: 14
    case .sensorRecovered: 15
    case .routineStep: 16
    case .routineEnd: 17
    case .otherSideDue: 18
    case .deepBreaths: 19
    case .warmUpCue: 20
    case .sideBalance: 21
    case .slouchCorrected: 22
    case .alertWithheld: 23
    }
}

@Suite struct EventCodecTests {
    @Test func examplesCoverEveryCase() {
        #expect(Set(examples.map { caseIndex($0.event.payload) }) == Set(0...23))
    }

    @Test func encodesTheGoldenFormat() {
        #expect(!examples.isEmpty)
        for (event, line) in examples {
            #expect(event.jsonLine() == line)
            #expect(EventJSONCodec.encode(event) == line)
        }
    }

    @Test func decodesWhatItWrites() throws {
        #expect(!examples.isEmpty)
        for (event, line) in examples {
            let decoded = try EventJSONCodec.decode(line)
            #expect(decoded == event, "\(line)")
            #expect(decoded.name == event.name)
            #expect(EventJSONCodec.encode(decoded) == line)
        }
    }

    @Test func namesComeFromTheCase() {
        #expect(PostureEvent.slouchAlert(at: 0, slouchedSeconds: 1).name == "slouch_alert")
        #expect(PostureEvent(timeSeconds: 0, payload: .breathHeld(heldSeconds: 1)).name == "breath_held")
        #expect(Set(examples.map(\.event.name)).count == 24)
    }

    @Test func decodingIgnoresOrderAndExtraFields() throws {
        let e = try EventJSONCodec.decode(#" {"state":"lying","extra":{"a":[1,2,{"b":null}]},"event":"activity","t":1e1} "#)
        #expect(e == .activity(at: 10, state: .lying))
    }

    @Test func nullNumbersReadAsNaNAndWriteAsNull() throws {
        let line = #"{"t":1.000,"event":"slouch_alert","slouched_s":null}"#
        let e = try EventJSONCodec.decode(line)
        guard case .slouchAlert(let s) = e.payload else { Issue.record("not a slouch alert"); return }
        #expect(s.isNaN)
        #expect(e.jsonLine() == line)
    }

    @Test func decodeLinesSkipsBlankLinesAndNumbersThem() throws {
        let text = examples[2].line + "\n\n  \n" + examples[3].line + "\n"
        let events = try EventJSONCodec.decodeLines(text)
        #expect(events == [examples[2].event, examples[3].event])
        #expect(try EventJSONCodec.decodeLines("").isEmpty)
    }

    /// Bad input: an error naming the line and the field, never a crash.
    @Test(arguments: [
        (#"{"t":1,"event":"posture"}"#, "state", "missing"),
        (#"{"t":1,"event":"posture","state":"hunched"}"#, "state", "\"hunched\" is not one of upright, slouched, reclined, leaning, unknown"),
        (#"{"t":"1","event":"posture","state":"upright"}"#, "t", "expected a number, got a string"),
        (#"{"event":"posture","state":"upright"}"#, "t", "missing"),
        (#"{"t":1,"state":"upright"}"#, "event", "missing"),
        (#"{"t":1,"event":"dance"}"#, "event", "unknown event \"dance\""),
        (#"{"t":1,"event":"hold_end","duration_s":2,"target_met":"yes","bounces":0,"jerks":0,"pitch_deg":0,"roll_deg":0,"start_t":0}"#,
         "target_met", "expected true or false, got a string"),
        (#"{"t":1,"event":"hold_end","duration_s":2,"target_met":true,"bounces":1.5,"jerks":0,"pitch_deg":0,"roll_deg":0,"start_t":0}"#,
         "bounces", "expected an integer, got 1.5"),
        (#"{"t":1,"event":"calibrated","up":[1,2]}"#, "up", "expected [x,y,z], three numbers"),
        (#"{"t":1,"event":"calibrated","up":[0,0,1],"source":"guess"}"#, "source", "\"guess\" is not one of requested, auto"),
        (#"{"t":1,"event":"bounce","frequency_hz":1,"amplitude_deg":2,"axis":"yaw"}"#, "axis", "\"yaw\" is not one of pitch, roll, twist"),
    ])
    func badFieldsAreNamed(line: String, field: String, message: String) {
        #expect(throws: EventDecodingError(line: 7, field: field, message: message)) {
            try EventJSONCodec.decode(line, lineNumber: 7)
        }
    }

    @Test(arguments: [
        "", "not json", "[1,2,3]", #"{"t":1,"event":"posture","state":"upright""#, #"{"t":1,,"event":"x"}"#,
        #"{"t":01,"event":"posture"}"#, #"{"t":1,"t":2}"#, #"{"t":1} trailing"#, #"{"t":"\x"}"#, #"{"t":"\ud800"}"#,
        #"{"t":-,"event":"a"}"#, #"{"t":1e999}"#, String(repeating: "[", count: 1000),
        #"{"a":"# + String(repeating: "[", count: 1000),
    ])
    func malformedJSONIsAnErrorWithItsLine(line: String) {
        do {
            _ = try EventJSONCodec.decode(line, lineNumber: 3)
            Issue.record("decoded: \(line)")
        } catch {
            #expect(error.line == 3)
            #expect(error.field == nil)
            #expect(error.description.hasPrefix("line 3: not a JSON object: "))
        }
    }

    @Test func errorsInLinesNameTheLine() {
        let text = examples[0].line + "\n" + #"{"t":1,"event":"twist","count_today":true}"#
        #expect(throws: EventDecodingError(line: 2, field: "count_today", message: "expected a number, got a boolean")) {
            try EventJSONCodec.decodeLines(text)
        }
        #expect(EventDecodingError(line: 2, field: "count_today", message: "m").description == "line 2: field \"count_today\": m")
        #expect(EventDecodingError(message: "m").description == "m")
    }

    @Test func jsonReaderHandlesEscapesAndUnicode() throws {
        let v = try JSONReader.value(from: #"["a\"\\\/\b\f\n\r\t", "\u00e9\ud83d\ude00", "é", -0.5e-1, true, false, null, {}]"#)
        #expect(v == .array([.string("a\"\\/\u{8}\u{c}\n\r\t"), .string("é😀"), .string("é"), .number(-0.05),
                             .bool(true), .bool(false), .null, .object(JSONObject(members: []))]))
    }

    @Test func subscriptReadsTheWrittenFields() {
        let e = examples[7].event
        #expect(e["duration_s"]?.doubleValue == 21.5)
        #expect(e["target_met"]?.boolValue == true)
        #expect(e["bounces"]?.intValue == 2)
        #expect(e["nothing"] == nil)
        #expect(e.fields.map(\.key) == ["duration_s", "target_met", "bounces", "jerks", "pitch_deg", "roll_deg", "start_t"])
    }
}

@Suite struct SideBalanceTests {
    static func hold(_ exercise: Exercise, _ side: ExerciseSide, seconds: Double, degrees: Double) -> PostureEvent {
        PostureEvent(timeSeconds: 0, payload: .holdEnd(HoldEndSummary(
            durationSeconds: seconds, targetMet: true, bounces: 0, jerks: 0, pitchDegrees: 0, rollDegrees: 0,
            startSeconds: 0, exercise: ExerciseRecognition(exercise: exercise, side: side), exerciseDegrees: degrees)))
    }

    /// A day's left/right figures come from its hold_end lines (the history keeps them).
    @Test func summarizesADayOfHolds() throws {
        let lines = [
            Self.hold(.sideBend, .left, seconds: 20, degrees: 30), Self.hold(.sideBend, .right, seconds: 15, degrees: 25),
            Self.hold(.sideBend, .left, seconds: 18, degrees: 32), Self.hold(.forwardFold, .none, seconds: 30, degrees: 70),
        ].map { $0.jsonLine() }.joined(separator: "\n")
        let b = SideBalance.summarize(try EventJSONCodec.decodeLines(lines))
        #expect(b.count == 1)
        let side = try #require(b.first)
        #expect(side.exercise == .sideBend)
        #expect(side.leftHolds == 2 && side.rightHolds == 1)
        #expect(side.secondsDifference == 23)
        #expect(side.degreesDifference == 7)
    }
}
