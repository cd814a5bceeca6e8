/// A guided routine: named steps, each an exercise done as holds or as repetitions.
/// Exercise names are those of the shared spec, section 5 (the `exercise` of `hold_end` and
/// `repetition`), kept here as strings: PostureCoaching depends on nothing.
public struct RoutineDefinition: Equatable, Sendable {
    public var name: String
    public var steps: [RoutineStep]
    public init(name: String, steps: [RoutineStep]) {
        self.name = name
        self.steps = steps
    }

    /// The guides' basic daily routine: child's pose 1 min, cat-cow 15, knee-to-chest 2 per
    /// side, seated twist 2 per side, pelvic tilts 10.
    public static let basicDaily = RoutineDefinition(name: "daily", steps: [
        RoutineStep(exercise: "childs_pose", kind: .hold, count: 1, holdSeconds: 60),
        RoutineStep(exercise: "cat_cow", kind: .repetitions, count: 15),
        RoutineStep(exercise: "knee_to_chest", kind: .hold, count: 2, holdSeconds: 20, bothSides: true),
        RoutineStep(exercise: "seated_twist", kind: .hold, count: 2, holdSeconds: 20, bothSides: true),
        RoutineStep(exercise: "pelvic_tilt", kind: .repetitions, count: 10),
    ])
}

public enum RoutineStepKind: String, Equatable, Sendable, Codable {
    case hold, repetitions
}

public struct RoutineStep: Equatable, Sendable {
    public var exercise: String
    public var kind: RoutineStepKind
    /// Holds (per side when `bothSides`) or repetitions.
    public var count: Int
    /// Target of each hold; nil: the exercise's own target (the daemon fills it in).
    public var holdSeconds: Double?
    public var bothSides: Bool
    /// The step is given up after this long without progress.
    public var timeoutSeconds: Double

    public static let defaultTimeoutSeconds = 120.0

    public init(exercise: String, kind: RoutineStepKind, count: Int, holdSeconds: Double? = nil,
                bothSides: Bool = false, timeoutSeconds: Double = RoutineStep.defaultTimeoutSeconds) {
        self.exercise = exercise
        self.kind = kind
        self.count = count
        self.holdSeconds = holdSeconds
        self.bothSides = bothSides
        self.timeoutSeconds = timeoutSeconds
    }

    /// The spec's exercise names (section 5), `unknown` excluded: a step names what to do.
    public static let exerciseNames = [
        "back_extension", "side_bend", "forward_fold", "seated_twist", "childs_pose", "cat_cow",
        "knee_to_chest", "sphinx", "pelvic_tilt", "thread_the_needle", "partner_lift",
    ]
    /// Dynamic exercises: a bare number counts repetitions. Others count holds.
    public static let repetitionExercises: Set<String> = ["cat_cow", "pelvic_tilt"]

    /// The step as the configuration writes it, e.g. "knee_to_chest 2x20s per side".
    public var text: String {
        var s = exercise
        switch kind {
        case .repetitions:
            s += " \(count)" + (Self.repetitionExercises.contains(exercise) ? "" : " reps")
        case .hold:
            switch (count, holdSeconds) {
            case (1, let h?): s += " " + Self.secondsText(h)
            case (let n, let h?): s += " \(n)x" + Self.secondsText(h)
            case (let n, nil): s += " \(n)"
            }
            if Self.repetitionExercises.contains(exercise) { s += " holds" }
        }
        if bothSides { s += " per side" }
        if timeoutSeconds != Self.defaultTimeoutSeconds { s += " timeout " + Self.secondsText(timeoutSeconds) }
        return s
    }

    static func secondsText(_ seconds: Double) -> String {
        let whole = seconds.rounded() == seconds && seconds < 1e9
        return (whole ? String(Int(seconds)) : String(seconds)) + "s"
    }
}

extension RoutineStep {
    /// Parses one step: `EXERCISE [N | Nx | NxDURATION | DURATION] [reps | holds] [per side | each side]
    /// [timeout DURATION]`, durations as `20s`, `1m`, `1m30s`. A bare number counts repetitions of
    /// cat_cow and pelvic_tilt and holds of the others. Returns the problem in words.
    public static func parse(_ text: String) -> Result<RoutineStep, RoutineParseError> {
        var words = text.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard !words.isEmpty else { return .failure(RoutineParseError("empty step")) }
        let exercise = words.removeFirst()
        guard exerciseNames.contains(exercise) else {
            return .failure(RoutineParseError("unknown exercise \"\(exercise)\" (known: \(exerciseNames.joined(separator: ", ")))"))
        }
        var count: Int?
        var hold: Double?
        var kind: RoutineStepKind?
        var bothSides = false
        var timeout = defaultTimeoutSeconds
        var i = 0
        while i < words.count {
            let w = words[i].lowercased()
            i += 1
            switch w {
            case "reps", "repetitions": kind = .repetitions
            case "holds", "hold": kind = .hold
            case "per", "each":
                guard i < words.count, words[i].lowercased() == "side" else {
                    return .failure(RoutineParseError("\"\(w)\" must be followed by \"side\""))
                }
                i += 1
                bothSides = true
            case "timeout":
                guard i < words.count, let t = seconds(words[i]), (5...3600).contains(t) else {
                    return .failure(RoutineParseError("\"timeout\" needs a duration from 5s to 1h, e.g. \"timeout 2m\""))
                }
                i += 1
                timeout = t
            default:
                guard count == nil && hold == nil, let (n, d) = amount(w) else {
                    return .failure(RoutineParseError("\"\(words[i - 1])\" is not understood (expected a count such as 15 or 2x, a hold such as 20s or 2x20s, reps, holds, per side, timeout 2m)"))
                }
                count = n
                hold = d
            }
        }
        if let n = count, !(1...100).contains(n) { return .failure(RoutineParseError("count \(n) out of range (allowed 1 to 100)")) }
        if let h = hold, !(1...600).contains(h) { return .failure(RoutineParseError("hold of \(h) s out of range (allowed 1s to 10m)")) }
        let resolvedKind = kind ?? (hold == nil && repetitionExercises.contains(exercise) ? .repetitions : .hold)
        if resolvedKind == .repetitions && hold != nil {
            return .failure(RoutineParseError("repetitions have no hold time; write \"\(exercise) 2x\(secondsText(hold ?? 0)) holds\" for holds"))
        }
        return .success(RoutineStep(exercise: exercise, kind: resolvedKind, count: count ?? 1, holdSeconds: hold,
                                    bothSides: bothSides, timeoutSeconds: timeout))
    }

    /// "15" -> (15, nil), "2x" -> (2, nil), "2x20s" -> (2, 20), "1m" -> (nil, 60)
    static func amount(_ w: String) -> (Int?, Double?)? {
        if let n = Int(w) { return (n, nil) }
        if let x = w.firstIndex(of: "x") {
            guard let n = Int(w[..<x]) else { return nil }
            let rest = w[w.index(after: x)...]
            if rest.isEmpty { return (n, nil) }
            guard let d = seconds(String(rest)) else { return nil }
            return (n, d)
        }
        guard let d = seconds(w) else { return nil }
        return (nil, d)
    }

    /// "20s", "1m", "1m30s", "90s"; nil otherwise.
    static func seconds(_ w: String) -> Double? {
        var total = 0.0
        var number = ""
        for ch in w.lowercased() {
            if ch.isASCII && (ch.isNumber || ch == ".") { number.append(ch); continue }
            guard let v = Double(number), v.isFinite else { return nil }
            switch ch {
            case "s": total += v
            case "m": total += v * 60
            case "h": total += v * 3600
            default: return nil
            }
            number = ""
        }
        guard number.isEmpty, total > 0 else { return nil }
        return total
    }
}

public struct RoutineParseError: Error, Equatable, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
