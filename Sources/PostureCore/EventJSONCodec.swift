/// An event line that cannot be read: which line, which field, what is wrong.
public struct EventDecodingError: Error, Equatable, Sendable, CustomStringConvertible {
    /// 1-based line number, when the line came from a file or a text of lines.
    public var line: Int?
    /// The field at fault (`t`, `event`, `duration_s`, ...), when it is one field.
    public var field: String?
    public var message: String

    public init(line: Int? = nil, field: String? = nil, message: String) {
        self.line = line
        self.field = field
        self.message = message
    }

    public var description: String {
        var out = line.map { "line \($0): " } ?? ""
        if let field { out += "field \"\(field)\": " }
        return out + message
    }
}

/// The one JSON Lines codec of events: `{"t":...,"event":"name",...fields}`.
///
/// Writing is byte-for-byte deterministic (field order and fraction digits fixed per event,
/// as in the golden files); reading accepts any key order and ignores extra fields (the spec
/// allows them), and names the line and field of anything it cannot use.
public enum EventJSONCodec {
    // MARK: Writing

    /// The fields after `t` and `event`, in output order, with their printed precision.
    public static func fields(of payload: EventPayload) -> [(key: String, value: EventValue)] {
        switch payload {
        case .calibrated(let up, let source):
            var f: [(key: String, value: EventValue)] = [("up", .vector(up, fractionDigits: 4))]
            if source != .requested { f.append(("source", .string(source.rawValue))) }
            return f
        case .posture(let state): return [("state", .string(state.rawValue))]
        case .slouchAlert(let s): return [("slouched_s", .number(s, fractionDigits: 1))]
        case .activity(let state): return [("state", .string(state.rawValue))]
        case .sittingNudge(let s): return [("sitting_s", .number(s, fractionDigits: 1))]
        case .holdStart(let pitch, let roll, let exercise):
            var f: [(key: String, value: EventValue)] = [("pitch_deg", .number(pitch, fractionDigits: 1)),
                                                          ("roll_deg", .number(roll, fractionDigits: 1))]
            if let exercise { appendExercise(exercise, to: &f) }
            return f
        case .holdEnd(let h):
            var f: [(key: String, value: EventValue)] = [
                ("duration_s", .number(h.durationSeconds, fractionDigits: 1)),
                ("target_met", .bool(h.targetMet)),
                ("bounces", .integer(h.bounces)),
                ("jerks", .integer(h.jerks)),
                ("pitch_deg", .number(h.pitchDegrees, fractionDigits: 1)),
                ("roll_deg", .number(h.rollDegrees, fractionDigits: 1)),
                ("start_t", .number(h.startSeconds, fractionDigits: 3)),
            ]
            if let b = h.breathsPerMinute { f.append(("breaths_per_min", .number(b, fractionDigits: 1))) }
            if let e = h.exercise { appendExercise(e, to: &f) }
            if let d = h.exerciseDegrees { f.append(("exercise_deg", .number(d, fractionDigits: 1))) }
            if let n = h.deepBreaths { f.append(("deep_breaths", .integer(n))) }
            return f
        case .bounce(let hz, let amplitude, let axis):
            return [("frequency_hz", .number(hz, fractionDigits: 2)), ("amplitude_deg", .number(amplitude, fractionDigits: 1)),
                    ("axis", .string(axis.rawValue))]
        case .jerk(let peak):
            // `peak` is the spec's field; `peak_deg_s` names the unit.
            return [("peak", .number(peak, fractionDigits: 1)), ("peak_deg_s", .number(peak, fractionDigits: 1))]
        case .fault(let kind, let detail): return [("kind", .string(kind)), ("detail", .string(detail))]
        case .stretchStart(let reason): return [("reason", .string(reason.rawValue))]
        case .stretchEnd(let d, let holds, let met):
            return [("duration_s", .number(d, fractionDigits: 1)), ("holds", .integer(holds)), ("holds_target_met", .integer(met))]
        case .repetition(let count, let exercise): return [("count", .integer(count)), ("exercise", .string(exercise))]
        case .breathHeld(let s): return [("held_s", .number(s, fractionDigits: 1))]
        case .twist(let n): return [("count_today", .integer(n))]
        case .sensorRecovered(let s): return [("down_s", .number(s, fractionDigits: 1))]
        case .routineStep(let s): return fields(of: s)
        case .routineEnd(let s): return fields(of: s)
        case .otherSideDue(let exercise, let side):
            return [("exercise", .string(exercise.rawValue)), ("side", .string(side.rawValue))]
        case .deepBreaths(let count, let exercise):
            return [("count", .integer(count)), ("exercise", .string(exercise.rawValue))]
        case .warmUpCue(let sat, let walked, let exercise):
            return [("sitting_s", .number(sat, fractionDigits: 1)), ("walked_s", .number(walked, fractionDigits: 1)),
                    ("exercise", .string(exercise.rawValue))]
        case .sideBalance(let b):
            return [("exercise", .string(b.exercise.rawValue)),
                    ("left_holds", .integer(b.leftHolds)), ("right_holds", .integer(b.rightHolds)),
                    ("left_s", .number(b.leftSeconds, fractionDigits: 1)), ("right_s", .number(b.rightSeconds, fractionDigits: 1)),
                    ("left_deg", .number(b.leftDegrees, fractionDigits: 1)), ("right_deg", .number(b.rightDegrees, fractionDigits: 1)),
                    ("diff_s", .number(b.secondsDifference, fractionDigits: 1)),
                    ("diff_deg", .number(b.degreesDifference, fractionDigits: 1))]
        case .slouchCorrected(let c): return fields(of: c)
        case .alertWithheld(let w): return fields(of: w)
        }
    }

    private static func appendExercise(_ e: ExerciseRecognition, to f: inout [(key: String, value: EventValue)]) {
        f.append(("exercise", .string(e.exercise.rawValue)))
        f.append(("side", .string(e.side.rawValue)))
    }

    /// The event as one line of JSON (no trailing newline). `t` gets 3 decimals
    /// (milliseconds), enough for samples at up to 1 kHz.
    public static func encode(_ event: PostureEvent, timeFractionDigits: Int = 3) -> String {
        var out = ""
        append(event, timeFractionDigits: timeFractionDigits, to: &out)
        return out
    }

    /// Appends the line (no newline) to `out`, for writers that batch output.
    public static func append(_ event: PostureEvent, timeFractionDigits: Int = 3, to out: inout String) {
        out += "{\"t\":"
        DecimalFormatting.append(event.timeSeconds, fractionDigits: timeFractionDigits, to: &out)
        out += ",\"event\":"
        JSONText.appendString(event.name, to: &out)
        for (key, value) in fields(of: event.payload) {
            out += ","
            JSONText.appendString(key, to: &out)
            out += ":"
            JSONText.append(value, to: &out)
        }
        out += "}"
    }

    // MARK: Reading

    /// Reads one line. `lineNumber` goes into errors.
    public static func decode(_ line: some StringProtocol, lineNumber: Int? = nil) throws(EventDecodingError) -> PostureEvent {
        let object: JSONObject
        do { object = try JSONReader.object(from: line) } catch {
            throw EventDecodingError(line: lineNumber, message: "not a JSON object: \(error)")
        }
        var f = FieldReader(object: object, line: lineNumber)
        let t = try f.number("t")
        let name = try f.string("event")
        return PostureEvent(timeSeconds: t, payload: try payload(named: name, &f))
    }

    /// Reads JSON Lines: one event per non-blank line; errors name the 1-based line.
    public static func decodeLines(_ text: some StringProtocol) throws(EventDecodingError) -> [PostureEvent] {
        var events: [PostureEvent] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
        where line.contains(where: { !$0.isWhitespace }) {
            events.append(try decode(line, lineNumber: index + 1))
        }
        return events
    }

    private static func payload(named name: String, _ f: inout FieldReader) throws(EventDecodingError) -> EventPayload {
        switch name {
        case EventName.calibrated:
            var source = CalibrationSource.requested
            if let raw = try f.optionalString("source") { source = try f.enumValue(CalibrationSource.self, "source", raw) }
            return .calibrated(up: try f.vector("up"), source: source)
        case EventName.posture: return .posture(try f.enumValue(PostureState.self, "state", f.string("state")))
        case EventName.slouchAlert: return .slouchAlert(slouchedSeconds: try f.number("slouched_s"))
        case EventName.activity: return .activity(try f.enumValue(ActivityState.self, "state", f.string("state")))
        case EventName.sittingNudge: return .sittingNudge(sittingSeconds: try f.number("sitting_s"))
        case EventName.holdStart:
            return .holdStart(pitchDegrees: try f.number("pitch_deg"), rollDegrees: try f.number("roll_deg"),
                              exercise: try f.optionalRecognition())
        case EventName.holdEnd:
            return .holdEnd(HoldEndSummary(
                durationSeconds: try f.number("duration_s"), targetMet: try f.bool("target_met"),
                bounces: try f.integer("bounces"), jerks: try f.integer("jerks"),
                pitchDegrees: try f.number("pitch_deg"), rollDegrees: try f.number("roll_deg"),
                startSeconds: try f.number("start_t"), breathsPerMinute: try f.optionalNumber("breaths_per_min"),
                exercise: try f.optionalRecognition(), exerciseDegrees: try f.optionalNumber("exercise_deg"),
                deepBreaths: try f.optionalNumber("deep_breaths") == nil ? nil : try f.integer("deep_breaths")))
        case EventName.bounce:
            return .bounce(frequencyHz: try f.number("frequency_hz"), amplitudeDegrees: try f.number("amplitude_deg"),
                           axis: try f.enumValue(BounceAxis.self, "axis", f.string("axis")))
        case EventName.jerk: return .jerk(peakDegreesPerSecond: try f.number("peak"))
        case EventName.fault: return .fault(kind: try f.string("kind"), detail: try f.string("detail"))
        case EventName.stretchStart:
            return .stretchStart(reason: try f.enumValue(StretchStartReason.self, "reason", f.string("reason")))
        case EventName.stretchEnd:
            return .stretchEnd(durationSeconds: try f.number("duration_s"), holds: try f.integer("holds"),
                               holdsTargetMet: try f.integer("holds_target_met"))
        case EventName.repetition: return .repetition(count: try f.integer("count"), exercise: try f.string("exercise"))
        case EventName.breathHeld: return .breathHeld(heldSeconds: try f.number("held_s"))
        case EventName.twist: return .twist(countToday: try f.integer("count_today"))
        case EventName.sensorRecovered: return .sensorRecovered(downSeconds: try f.number("down_s"))
        case EventName.routineStep:
            return .routineStep(RoutineStepStart(
                routine: try f.string("routine"), step: try f.integer("step"), steps: try f.integer("steps"),
                exercise: try f.string("exercise"), side: try f.string("side"), goal: try f.string("goal")))
        case EventName.routineEnd:
            return .routineEnd(RoutineEndSummary(
                routine: try f.string("routine"), durationSeconds: try f.number("duration_s"), steps: try f.integer("steps"),
                stepsDone: try f.integer("steps_done"), stepsSkipped: try f.integer("steps_skipped"),
                stepsTimedOut: try f.integer("steps_timed_out"), holds: try f.integer("holds"),
                holdsTargetMet: try f.integer("holds_target_met"), holdSeconds: try f.number("hold_s"),
                repetitions: try f.integer("repetitions"), bounces: try f.integer("bounces"), jerks: try f.integer("jerks"),
                leftHolds: try f.integer("left_holds"), rightHolds: try f.integer("right_holds"),
                unconfirmed: try f.integer("unconfirmed"), stopped: try f.bool("stopped")))
        case EventName.otherSideDue:
            return .otherSideDue(exercise: try f.exercise(), side: try f.enumValue(ExerciseSide.self, "side", f.string("side")))
        case EventName.deepBreaths: return .deepBreaths(count: try f.integer("count"), exercise: try f.exercise())
        case EventName.warmUpCue:
            return .warmUpCue(sittingSeconds: try f.number("sitting_s"), walkedSeconds: try f.number("walked_s"),
                              exercise: try f.exercise())
        case EventName.sideBalance:
            return .sideBalance(SideBalance(
                exercise: try f.exercise(), leftHolds: try f.integer("left_holds"), rightHolds: try f.integer("right_holds"),
                leftSeconds: try f.number("left_s"), rightSeconds: try f.number("right_s"),
                leftDegrees: try f.number("left_deg"), rightDegrees: try f.number("right_deg")))
        case EventName.slouchCorrected:
            return .slouchCorrected(SlouchCorrection(afterAlertSeconds: try f.number("after_alert_s"), tap: try f.string("tap")))
        case EventName.alertWithheld:
            return .alertWithheld(AlertWithheld(alert: try f.string("alert"), reason: try f.string("reason"),
                                                ignoredInARow: try f.integer("ignored_in_a_row"),
                                                backoffFactor: try f.number("backoff_factor")))
        default:
            throw EventDecodingError(line: f.line, field: "event", message: "unknown event \"\(name)\"")
        }
    }
}

/// Typed access to the fields of one parsed line; every failure names the field.
private struct FieldReader {
    var object: JSONObject
    var line: Int?

    func fail(_ key: String, _ message: String) -> EventDecodingError {
        EventDecodingError(line: line, field: key, message: message)
    }

    func value(_ key: String) throws(EventDecodingError) -> JSONValue {
        guard let v = object[key] else { throw fail(key, "missing") }
        return v
    }

    /// `null` reads as NaN: the writer prints non-finite numbers as `null` (JSON has no NaN).
    func number(_ key: String) throws(EventDecodingError) -> Double {
        switch try value(key) {
        case .number(let d): return d
        case .null: return .nan
        case let other: throw fail(key, "expected a number, got \(other.kindName)")
        }
    }

    func optionalNumber(_ key: String) throws(EventDecodingError) -> Double? {
        object[key] == nil ? nil : try number(key)
    }

    func integer(_ key: String) throws(EventDecodingError) -> Int {
        let d = try number(key)
        guard d.isFinite, d == d.rounded(), abs(d) < 9.0e15 else { throw fail(key, "expected an integer, got \(d)") }
        return Int(d)
    }

    func bool(_ key: String) throws(EventDecodingError) -> Bool {
        guard case .bool(let b) = try value(key) else { throw fail(key, "expected true or false, got \(try value(key).kindName)") }
        return b
    }

    func string(_ key: String) throws(EventDecodingError) -> String {
        guard case .string(let s) = try value(key) else { throw fail(key, "expected a string, got \(try value(key).kindName)") }
        return s
    }

    func optionalString(_ key: String) throws(EventDecodingError) -> String? {
        object[key] == nil ? nil : try string(key)
    }

    func exercise() throws(EventDecodingError) -> Exercise {
        try enumValue(Exercise.self, "exercise", string("exercise"))
    }

    /// `exercise` and `side` together, or nil without `exercise`.
    func optionalRecognition() throws(EventDecodingError) -> ExerciseRecognition? {
        guard object["exercise"] != nil else { return nil }
        let side = try optionalString("side").map { raw throws(EventDecodingError) in
            try enumValue(ExerciseSide.self, "side", raw)
        } ?? ExerciseSide.none
        return ExerciseRecognition(exercise: try exercise(), side: side)
    }

    func vector(_ key: String) throws(EventDecodingError) -> Vector3 {
        guard case .array(let items) = try value(key), items.count == 3 else {
            throw fail(key, "expected [x,y,z], three numbers")
        }
        var xyz: [Double] = []
        for item in items {
            switch item {
            case .number(let d): xyz.append(d)
            case .null: xyz.append(.nan)
            default: throw fail(key, "expected [x,y,z], three numbers")
            }
        }
        return Vector3(xyz[0], xyz[1], xyz[2])
    }

    func enumValue<E: RawRepresentable & CaseIterable>(_ type: E.Type, _ key: String, _ raw: String) throws(EventDecodingError) -> E
    where E.RawValue == String {
        guard let v = E(rawValue: raw) else {
            throw fail(key, "\"\(raw)\" is not one of \(E.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return v
    }
}
