import PostureCore

/// Sensor-shift and stale-calibration detection (`[calibration] shift_*` keys).
///
/// A sensor that slipped on the wearer, or a reference taken slumped, adds a constant offset to
/// every angle: every later slouch alert is wrong. One trunk sensor cannot tell a slipped board
/// from a trunk that bends, except through what bodies do not do:
/// - **walking**: people walk with the trunk near vertical, so the mean up direction of a
///   walk (in sensor axes) is an anchor independent of the reference. A walk whose mean
///   leans beyond what anyone walks at (forward, back or sideways) means the reference is off;
///   a walk that differs from the first walk after the calibration means the sensor moved.
/// - **long still sitting**: a wearer returns to an upright-looking position now and then; a
///   shifted sensor makes every still minute look tilted by about the same offset. Only a long
///   run of such minutes counts (a human slouch of 5 minutes is common, of 20 rare).
/// The offset must also be larger than what the physics allows to vary (walking lean differs
/// by a few degrees between walks), so normal days give no suggestion.
public struct SensorShiftSettings: Equatable, Sendable {
    /// Off: no `recalibration_suggested` and slouch alerts never held back.
    public var enabled = true
    /// Walking is judged in segments of this much continuous walking, seconds.
    public var walkSegmentSeconds = 15.0
    /// This many segments in a row must disagree before the suggestion.
    public var walkSegmentsToConfirm = 2
    /// Only a walk that lasts this long without a break is evidence, seconds: its segments are
    /// judged once it has (issue 10). Seated typing, fidgeting or shifting weight at a standing
    /// desk can pass the step detector for up to about 40 s; a walk somewhere lasts a minute.
    public var walkMinBoutSeconds = 50.0
    /// A walking segment this far from the walk learned after the calibration: shifted, degrees.
    public var walkChangeDegrees = 8.0
    /// Walking leaning forward beyond this from the reference is no way to walk, degrees (people
    /// walk straighter than they sit, so a walk reads upright or a little back from a seated reference).
    public var walkForwardDegrees = 15.0
    /// Walking leaning back beyond this from the reference, degrees.
    public var walkBackDegrees = 10.0
    /// Walking bent sideways beyond this from the reference, degrees.
    public var walkSideDegrees = 10.0
    /// Still time (sitting or standing, not walking or lying) is judged in minutes; this many in a
    /// row tilted (all but `stillUprightMinutes`) is the sitting evidence.
    public var stillWindowMinutes = 20
    /// Upright-looking minutes allowed in that window (after a shift back, a slouch looks
    /// upright); at most a quarter of the window counts.
    public var stillUprightMinutes = 1
    /// This many upright-looking still minutes in a row show the reference matched this wearing.
    public var matchedMinutes = 5
    /// A still sitting minute whose mean is this far from the reference is not upright-looking, degrees.
    public var stillOffsetDegrees = 7.0
    /// At most one suggestion per this many minutes (a calibration resets it).
    public var repeatMinutes = 60.0
    /// While a suggestion stands (until the next calibration), slouch alerts are held back:
    /// they are probably wrong.
    public var holdSlouchAlerts = true
    public init() {}
}

/// A suggestion in force: what, and when (sample time).
public struct StandingRecalibration: Equatable, Sendable {
    public var suggestion: RecalibrationSuggestion
    public var atSeconds: Double
}

/// Watches the up direction against the reference. Pure; no allocation per sample.
struct SensorShiftMonitor: Sendable {
    /// The suggestion in force (until a calibration), and when it was made.
    private(set) var standing: StandingRecalibration?
    private var lastSuggestedAt: Double?
    /// The reference matched this wearing once (`matchedMinutes` upright-looking still minutes
    /// in a row, or a plausible walk): a later mismatch is a shift, not a stale reference.
    private var referenceMatched = false
    private var uprightMinutesInARow = 0

    // Walking.
    private var walkAnchor: Vector3?
    private var walkAnchorSegments = 0
    private var walkSum = Vector3.zero
    private var walkSeconds = 0.0
    private var walkingBefore = false
    /// Continuous walking so far in this bout, seconds.
    private var boutSeconds = 0.0
    /// Segment means of this bout waiting until it has lasted `walkMinBoutSeconds` (oldest first).
    private var pendingSegments: RingBuffer<Vector3>
    private var disagreeingSegments = 0
    private var disagreeingOffset = Double.infinity
    private var disagreeingReason = RecalibrationReason.sensorShifted

    // Still sitting.
    private var stillSum = Vector3.zero
    private var stillSeconds = 0.0
    /// The minute's 10 s blocks: a wearer who sits up for half a minute after each alert is
    /// upright in that minute even when its mean is not (the mean of 30 s upright and 30 s
    /// slouched looks like a constant offset).
    private var blockSum = Vector3.zero
    private var blockSeconds = 0.0
    private var nearestBlockTilt = Double.infinity
    /// Tilt of each finished still minute's mean from the reference (newest last).
    private var stillMinutes: RingBuffer<Double>

    init(settings: SensorShiftSettings = SensorShiftSettings()) {
        stillMinutes = RingBuffer(capacity: max(1, settings.stillWindowMinutes), filler: 0)
        pendingSegments = RingBuffer(capacity: Self.pendingCapacity(settings), filler: .zero)
    }

    /// Segments that fit in the minimum bout (the last may complete just after it).
    private static func pendingCapacity(_ settings: SensorShiftSettings) -> Int {
        let segments = settings.walkMinBoutSeconds / max(1, settings.walkSegmentSeconds)
        return max(1, Int(segments.rounded(.up)) + 1)
    }

    /// A new reference: everything learned against the old one is void.
    mutating func reset(settings: SensorShiftSettings) {
        self = SensorShiftMonitor(settings: settings)
    }

    /// True while slouch alerts should be held back.
    func holdsSlouchAlerts(_ settings: SensorShiftSettings) -> Bool {
        standing != nil && settings.enabled && settings.holdSlouchAlerts
    }

    /// Feeds one calibrated, undisturbed sample; returns a suggestion when one is due.
    mutating func update(up: Vector3, frame: TrunkFrame, activity: ActivityState, moving: Bool, inSession: Bool,
                         t: Double, dt: Double, settings: SensorShiftSettings) -> RecalibrationSuggestion? {
        let walking = activity == .walking && !inSession
        if walking {
            return updateWalk(up: up, frame: frame, t: t, dt: dt, settings: settings)
        }
        if walkingBefore {
            // A partial segment is too short to judge, a short bout is no evidence at all (its
            // pending segments go); the next walk starts afresh.
            walkingBefore = false
            walkSum = .zero
            walkSeconds = 0
            boutSeconds = 0
            pendingSegments.removeAll()
        }
        guard activity != .lying, !moving, !inSession else { return nil }
        stillSum += up
        stillSeconds += dt
        blockSum += up
        blockSeconds += dt
        if blockSeconds >= 10 {
            if let block = blockSum.normalized { nearestBlockTilt = min(nearestBlockTilt, frame.up.angleDegrees(to: block)) }
            blockSum = .zero
            blockSeconds = 0
        }
        guard stillSeconds >= 60 else { return nil }
        let mean = stillSum.normalized
        let nearestBlock = nearestBlockTilt
        stillSum = .zero
        stillSeconds = 0
        blockSum = .zero
        blockSeconds = 0
        nearestBlockTilt = .infinity
        guard let mean else { return nil }
        let meanTilt = frame.up.angleDegrees(to: mean)
        // The window counts a minute upright when any 10 s of it was; the reference is matched
        // only by whole upright minutes (below), the stronger evidence.
        let tilt = min(meanTilt, nearestBlock)
        if stillMinutes.capacity != max(1, settings.stillWindowMinutes) {
            stillMinutes = RingBuffer(capacity: max(1, settings.stillWindowMinutes), filler: 0)  // a reload changed it
        }
        stillMinutes.push(tilt)
        if meanTilt < settings.stillOffsetDegrees {
            uprightMinutesInARow += 1
            if uprightMinutesInARow >= settings.matchedMinutes { referenceMatched = true }
        } else {
            uprightMinutesInARow = 0
        }
        guard stillMinutes.count == stillMinutes.capacity else { return nil }
        var upright = 0
        var smallest = Double.infinity
        for i in 0..<stillMinutes.count {
            let m = stillMinutes[i]
            if m < settings.stillOffsetDegrees { upright += 1 } else { smallest = min(smallest, m) }
        }
        guard upright <= min(settings.stillUprightMinutes, stillMinutes.capacity / 4) else { return nil }
        stillMinutes.removeAll()
        let found = RecalibrationSuggestion(reason: referenceMatched ? .sensorShifted : .staleReference,
                                            offsetDegrees: smallest, evidence: .sitting)
        return suggest(found, at: t, settings: settings)
    }

    /// One walking sample: segments are collected, and judged only once the bout has lasted
    /// `walkMinBoutSeconds` (then the pending ones in order, later ones as they finish).
    private mutating func updateWalk(up: Vector3, frame: TrunkFrame, t: Double, dt: Double,
                                     settings: SensorShiftSettings) -> RecalibrationSuggestion? {
        if pendingSegments.capacity != Self.pendingCapacity(settings) {
            pendingSegments = RingBuffer(capacity: Self.pendingCapacity(settings), filler: .zero)  // a reload changed it
        }
        walkSum += up
        walkSeconds += dt
        boutSeconds += dt
        walkingBefore = true
        if walkSeconds >= settings.walkSegmentSeconds {
            let mean = walkSum.normalized
            walkSum = .zero
            walkSeconds = 0
            if let mean { pendingSegments.push(mean) }
        }
        guard boutSeconds >= settings.walkMinBoutSeconds else { return nil }
        var found: RecalibrationSuggestion?
        for i in 0..<pendingSegments.count where found == nil {
            found = judgeWalk(mean: pendingSegments[i], frame: frame, settings: settings)
        }
        pendingSegments.removeAll()
        guard let found else { return nil }
        return suggest(found, at: t, settings: settings)
    }

    /// One finished walking segment: learns the anchor, or returns the evidence once
    /// `walkSegmentsToConfirm` segments in a row disagree.
    private mutating func judgeWalk(mean: Vector3, frame: TrunkFrame,
                                    settings: SensorShiftSettings) -> RecalibrationSuggestion? {
        let angles = frame.angles(of: mean)
        let plausible = angles.pitchDegrees <= settings.walkForwardDegrees
            && angles.pitchDegrees >= -settings.walkBackDegrees
            && abs(angles.rollDegrees) <= settings.walkSideDegrees
        var disagree: (reason: RecalibrationReason, offset: Double)?
        if let anchor = walkAnchor {
            let change = anchor.angleDegrees(to: mean)
            if change > settings.walkChangeDegrees {
                disagree = (.sensorShifted, change)
            } else if walkAnchorSegments < 4, let sum = (anchor * Double(walkAnchorSegments) + mean).normalized {
                // The anchor is the mean of the first few agreeing segments (walks differ a little).
                walkAnchor = sum
                walkAnchorSegments += 1
            }
        } else if plausible {
            walkAnchor = mean
            walkAnchorSegments = 1
            referenceMatched = true
        }
        if disagree == nil && !plausible {
            disagree = (referenceMatched ? .sensorShifted : .staleReference, frame.up.angleDegrees(to: mean))
        }
        guard let disagree else {
            disagreeingSegments = 0
            disagreeingOffset = .infinity
            return nil
        }
        disagreeingSegments += 1
        disagreeingOffset = min(disagreeingOffset, disagree.offset)
        disagreeingReason = disagree.reason
        guard disagreeingSegments >= settings.walkSegmentsToConfirm else { return nil }
        let found = RecalibrationSuggestion(reason: disagreeingReason, offsetDegrees: disagreeingOffset, evidence: .walking)
        disagreeingSegments = 0
        disagreeingOffset = .infinity
        return found
    }

    /// Records the suggestion; nil when one was made less than `repeatMinutes` ago.
    private mutating func suggest(_ found: RecalibrationSuggestion, at t: Double,
                                  settings: SensorShiftSettings) -> RecalibrationSuggestion? {
        if let last = lastSuggestedAt, t - last < settings.repeatMinutes * 60 { return nil }
        lastSuggestedAt = t
        standing = StandingRecalibration(suggestion: found, atSeconds: t)
        return found
    }
}
