/// One exercise's left and right holds over a day (or a week): how many, how long in all, and
/// the largest angle reached (the range of motion). From `hold_end`'s `exercise`, `side`,
/// `duration_s` and `exercise_deg`; exercise names are the spec's (section 5), as strings here.
public struct SideTotals: Codable, Equatable, Sendable {
    public var exercise: String
    public var leftHolds = 0
    public var rightHolds = 0
    public var leftSeconds = 0.0
    public var rightSeconds = 0.0
    public var leftDegrees = 0.0
    public var rightDegrees = 0.0

    public init(exercise: String) {
        self.exercise = exercise
    }

    public init(exercise: String, leftHolds: Int, rightHolds: Int, leftSeconds: Double, rightSeconds: Double,
                leftDegrees: Double, rightDegrees: Double) {
        self.exercise = exercise
        self.leftHolds = leftHolds
        self.rightHolds = rightHolds
        self.leftSeconds = leftSeconds
        self.rightSeconds = rightSeconds
        self.leftDegrees = leftDegrees
        self.rightDegrees = rightDegrees
    }

    enum CodingKeys: String, CodingKey {
        case exercise, leftHolds = "left_holds", rightHolds = "right_holds", leftSeconds = "left_s", rightSeconds = "right_s"
        case leftDegrees = "left_deg", rightDegrees = "right_deg"
    }

    // Tolerant, as DailyCounters: a field added later reads as zero from older files.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        exercise = try c.decode(String.self, forKey: .exercise)
        func d(_ k: CodingKeys) -> Double { (try? c.decodeIfPresent(Double.self, forKey: k)) ?? 0 }
        func i(_ k: CodingKeys) -> Int { (try? c.decodeIfPresent(Int.self, forKey: k)) ?? 0 }
        leftHolds = i(.leftHolds); rightHolds = i(.rightHolds)
        leftSeconds = d(.leftSeconds); rightSeconds = d(.rightSeconds)
        leftDegrees = d(.leftDegrees); rightDegrees = d(.rightDegrees)
    }

    /// One hold on `side` ("left" or "right"; anything else is not counted).
    public mutating func add(side: String, seconds: Double, degrees: Double) {
        let angle = degrees.isFinite ? abs(degrees) : 0
        switch side {
        case "left":
            leftHolds += 1
            leftSeconds += max(0, seconds)
            leftDegrees = max(leftDegrees, angle)
        case "right":
            rightHolds += 1
            rightSeconds += max(0, seconds)
            rightDegrees = max(rightDegrees, angle)
        default: break
        }
    }

    /// Two spans together: holds and time add up, the angle is the larger one.
    public mutating func add(_ other: SideTotals) {
        leftHolds += other.leftHolds
        rightHolds += other.rightHolds
        leftSeconds += other.leftSeconds
        rightSeconds += other.rightSeconds
        leftDegrees = max(leftDegrees, other.leftDegrees)
        rightDegrees = max(rightDegrees, other.rightDegrees)
    }

    /// Several days' totals per exercise, in the order the exercises first appear.
    public static func combine(_ spans: [[SideTotals]]) -> [SideTotals] {
        var out: [SideTotals] = []
        for span in spans {
            for t in span {
                if let i = out.firstIndex(where: { $0.exercise == t.exercise }) { out[i].add(t) } else { out.append(t) }
            }
        }
        return out
    }

    /// "left 85 s / right 60 s: right side 29 % short" (the shorter side against the longer).
    public var secondsText: String {
        "left \(Self.whole(leftSeconds)) s / right \(Self.whole(rightSeconds)) s" + Self.shortfall(leftSeconds, rightSeconds, word: "short")
    }

    /// "angle left 40° / right 35°: right side 13 % less" (the largest angle on each side).
    public var degreesText: String {
        "angle left \(Self.whole(leftDegrees))° / right \(Self.whole(rightDegrees))°" + Self.shortfall(leftDegrees, rightDegrees, word: "less")
    }

    /// How far the weaker side is behind the stronger one, percent of the stronger (0 when even or none).
    public static func shortfallPercent(_ left: Double, _ right: Double) -> Int {
        let high = max(left, right)
        guard high > 0 else { return 0 }
        return Int(((high - min(left, right)) / high * 100).rounded())
    }

    /// The weaker side: "left", "right", or nil when even (below 1 %).
    public static func weakerSide(_ left: Double, _ right: Double) -> String? {
        guard shortfallPercent(left, right) >= 1 else { return nil }
        return left < right ? "left" : "right"
    }

    static func shortfall(_ left: Double, _ right: Double, word: String) -> String {
        guard left > 0 || right > 0 else { return "" }
        if left <= 0 || right <= 0 { return ": \(left <= 0 ? "left" : "right") side not done" }
        guard let weaker = weakerSide(left, right) else { return ": even" }
        return ": \(weaker) side \(shortfallPercent(left, right)) % \(word)"
    }

    static func whole(_ x: Double) -> String { x.isFinite ? String(Int(x.rounded())) : "0" }
}

extension DailyCounters {
    /// A hold of a named (or `unknown`) exercise on a side: into the day's left/right totals.
    public mutating func addSideHold(exercise: String, side: String, seconds: Double, degrees: Double) {
        guard side == "left" || side == "right" else { return }
        if let i = sides.firstIndex(where: { $0.exercise == exercise }) {
            sides[i].add(side: side, seconds: seconds, degrees: degrees)
        } else {
            var t = SideTotals(exercise: exercise)
            t.add(side: side, seconds: seconds, degrees: degrees)
            sides.append(t)
        }
    }
}
