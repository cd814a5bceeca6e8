/// What the routine runner hears: the pipeline's events reduced to what a step needs, and presses.
public enum RoutineInput: Equatable, Sendable {
    /// `hold_start`; `exercise` as named so far ("unknown" when not named).
    case holdStarted(exercise: String)
    /// `hold_end` with its `exercise` and `side` ("left", "right", "none").
    case holdEnded(exercise: String, side: String, durationSeconds: Double)
    /// `repetition` with its series `count` (the pipeline names a series at its second
    /// repetition, so a series' first event says 2); 0 when not known: one repetition.
    case repetition(exercise: String, count: Int = 0)
    case bounce
    case jerk
    /// A button press or `posture routine skip`: the step is skipped.
    case skip
}

/// What the wearer is told (the daemon turns cues into vibration patterns and events).
public enum RoutineCue: Equatable, Sendable {
    /// Start step `index` (0-based); `side` is set when the step is two-sided.
    case step(index: Int, side: String?)
    /// The first side of a two-sided step is done: now the other one.
    case otherSide(index: Int, side: String)
    /// The hold in progress has met the step's target: release.
    case holdTargetReached(index: Int)
    /// The routine is over (all steps done, skipped or timed out, or stopped).
    case finished(RoutineSummary)
}

/// Runs a routine step by step. Pure: time comes in with each call, so tests drive it with
/// synthetic events. A step is done when it has its holds meeting the target (per side) or its
/// repetitions; a press skips it; it times out after `timeoutSeconds` without progress.
/// Holds and repetitions named `unknown` count for the step in progress (the wearer was told
/// what to do) and are counted as unconfirmed; ones named as another exercise do not count,
/// nor do unnamed holds short of the target (a pause on the way, not an attempt).
public struct RoutineRunner: Sendable {
    public let definition: RoutineDefinition
    public private(set) var results: [RoutineStepResult]
    public private(set) var index = 0
    public private(set) var finished = false
    let startSeconds: Double
    /// The side being worked in a two-sided step.
    public private(set) var side: String?
    private var lastProgressSeconds: Double
    private var holdStartedSeconds: Double?
    private var holdTargetCued = false
    /// The count of the repetition series last heard in this step (nil: none yet).
    private var seriesCount: Int?
    /// Per step, the indices in its holds of those credited unnamed (`unknown`).
    private var unconfirmedHolds: [Int: [Int]] = [:]

    /// `definition`'s steps must have their hold targets filled in (`holdSeconds` non-nil).
    public init(definition: RoutineDefinition, startSeconds: Double) {
        self.definition = definition
        self.startSeconds = startSeconds
        lastProgressSeconds = startSeconds
        results = definition.steps.map { RoutineStepResult(step: $0) }
    }

    /// The first cue: call once after init.
    public mutating func start() -> [RoutineCue] {
        guard !definition.steps.isEmpty else {
            finished = true
            return [.finished(summary(at: startSeconds, stopped: false))]
        }
        return begin(0, at: startSeconds)
    }

    var step: RoutineStep { definition.steps[index] }

    public mutating func handle(_ input: RoutineInput, at now: Double) -> [RoutineCue] {
        guard !finished else { return [] }
        // The wearer was told the hold in progress met its target (before this input).
        let targetCued = holdStartedSeconds != nil && holdTargetCued
        var cues = poll(at: now)
        guard !finished else { return cues }
        // Any hold or repetition, whatever it is named, shows a wearer on the way (getting down to
        // the floor, settling in): the timeout is for a wearer who has stopped.
        switch input {
        case .holdStarted, .holdEnded, .repetition: lastProgressSeconds = now
        default: break
        }
        switch input {
        case .skip:
            results[index].outcome = .skipped
            cues += advance(at: now)
        case .bounce: results[index].bounces += 1
        case .jerk: results[index].jerks += 1
        case .holdStarted(let exercise):
            guard step.kind == .hold, counts(exercise) else { break }
            holdStartedSeconds = now
            holdTargetCued = false
        case .holdEnded(let exercise, let heldSide, let duration):
            holdStartedSeconds = nil
            if !(step.kind == .hold && counts(exercise)) {
                guard let target = resynchronise(on: exercise, kind: .hold, strong: true) else { break }
                let met = duration >= (definition.steps[target].holdSeconds ?? 0)
                guard met else { break }
                cues += moveTo(target, at: now)
            }
            cues += creditHold(exercise: exercise, side: heldSide, seconds: duration, targetCued: targetCued, at: now)
        case .repetition(let exercise, let count):
            if !(step.kind == .repetitions && counts(exercise)) {
                // A series named at its third repetition is the wearer's, not a passing movement.
                guard let target = resynchronise(on: exercise, kind: .repetitions, strong: count >= 3) else { break }
                cues += moveTo(target, at: now)
                seriesCount = 0
            }
            // A series is named at its second repetition: both count. One begun before this
            // step counts from here on.
            let added: Int
            if let last = seriesCount, count > last { added = count - last } else { added = count == 2 ? 2 : 1 }
            if count > 0 { seriesCount = count }
            results[index].repetitions += added
            if exercise != step.exercise { results[index].unconfirmed += added }
            if results[index].repetitions >= step.count {
                results[index].outcome = .done
                cues += advance(at: now)
            }
        }
        return cues
    }

    /// Lets time pass: the hold target while holding, timeouts.
    public mutating func poll(at now: Double) -> [RoutineCue] {
        guard !finished else { return [] }
        if let start = holdStartedSeconds, !holdTargetCued, now - start >= targetSeconds {
            holdTargetCued = true
            return [.holdTargetReached(index: index)]
        }
        // A hold in progress is progress: the timeout waits for its end.
        if holdStartedSeconds == nil, now - lastProgressSeconds >= step.timeoutSeconds {
            results[index].outcome = .timedOut
            return advance(at: now)
        }
        return []
    }

    /// When `poll` may next have something to say.
    public var nextDeadline: Double? {
        guard !finished else { return nil }
        if let start = holdStartedSeconds { return holdTargetCued ? nil : start + targetSeconds }
        return lastProgressSeconds + step.timeoutSeconds
    }

    /// Ends the routine now (`posture routine stop`, a new routine, shutdown).
    public mutating func stop(at now: Double) -> RoutineSummary {
        if !finished {
            finished = true
            for i in index..<results.count where results[i].outcome == .active || results[i].outcome == .pending {
                results[i].outcome = .stopped
            }
        }
        return summary(at: now, stopped: true)
    }

    public func summary(at now: Double, stopped: Bool) -> RoutineSummary {
        RoutineSummary(name: definition.name, durationSeconds: max(0, now - startSeconds), stopped: stopped,
                       currentStep: finished ? nil : index, currentSide: finished ? nil : side, steps: results)
    }

    var targetSeconds: Double { step.holdSeconds ?? 0 }

    private func counts(_ exercise: String) -> Bool { exercise == step.exercise || exercise == "unknown" }

    /// A hold the target cue played in counts as on target, at least the target long: the wearer
    /// was told to release (the hold's own end may be dated earlier when its position drifted).
    private mutating func creditHold(exercise: String, side heldSide: String, seconds reported: Double, targetCued: Bool,
                                     at now: Double) -> [RoutineCue] {
        let seconds = targetCued ? max(reported, targetSeconds) : reported
        let met = seconds >= targetSeconds
        if exercise != step.exercise && !met { return [] }
        let sideSeen = heldSide == "left" || heldSide == "right"
        // A short hold of a two-sided step with no side seen is a fragment (settling in or out).
        if step.bothSides && !met && !sideSeen { return [] }
        // A recognised side wins; otherwise the side the wearer was asked to do.
        let credited = step.bothSides ? (sideSeen ? heldSide : side ?? "left") : "none"
        let confirmed = exercise == step.exercise
        // A named hold on a side already full thanks to an unnamed one replaces it: the unnamed
        // one was a still moment (lying, kneeling) on the way, not the stretch.
        if confirmed, met, step.bothSides, results[index].holdsMet(side: credited) >= step.count,
           let stale = unconfirmedHolds[index]?.last(where: { results[index].holds[$0].side == credited }) {
            results[index].holds.remove(at: stale)
            results[index].unconfirmed -= 1
            unconfirmedHolds[index] = unconfirmedHolds[index]?.filter { $0 != stale }.map { $0 > stale ? $0 - 1 : $0 }
        }
        if !confirmed { unconfirmedHolds[index, default: []].append(results[index].holds.count) }
        results[index].holds.append(RoutineHold(seconds: seconds, side: credited, targetMet: met))
        if !confirmed { results[index].unconfirmed += 1 }
        guard met else { return [] }
        let r = results[index]
        if !step.bothSides {
            guard r.holdsMet(side: nil) >= step.count else { return [] }
            results[index].outcome = .done
            return advance(at: now)
        }
        let left = r.holdsMet(side: "left"), right = r.holdsMet(side: "right")
        if left >= step.count && right >= step.count {
            results[index].outcome = .done
            return advance(at: now)
        }
        // Cue the other side once the side just held has its holds.
        let next = left >= step.count ? "right" : right >= step.count ? "left" : credited
        side = next
        return next != credited ? [.otherSide(index: index, side: next)] : []
    }

    /// The step the wearer is seen doing when it is not the step in progress: the next one
    /// (the wearer is a step ahead: this one is left timed out), or the one before when it
    /// timed out or was done only by unnamed credits and this one has no credit yet (the wearer
    /// is a step behind). Only named evidence moves the runner, and only `strong` evidence
    /// (a hold meeting its target, an established series) moves it ahead.
    private func resynchronise(on exercise: String, kind: RoutineStepKind, strong: Bool) -> Int? {
        guard exercise != "unknown", strong else { return nil }
        let steps = definition.steps
        if index + 1 < steps.count, steps[index + 1].exercise == exercise, steps[index + 1].kind == kind {
            return index + 1
        }
        let current = results[index]
        guard index > 0, current.holds.isEmpty, current.repetitions == 0 else { return nil }
        let before = results[index - 1]
        guard steps[index - 1].exercise == exercise, steps[index - 1].kind == kind else { return nil }
        let onlyUnnamed = before.outcome == .done && before.unconfirmed > 0
            && before.unconfirmed == before.holds.count + before.repetitions
        return before.outcome == .timedOut || onlyUnnamed ? index - 1 : nil
    }

    /// Moves to step `target` found by `resynchronise`: ahead, the step in progress is left timed
    /// out; behind, the step in progress waits again and the one before loses its unnamed credits.
    private mutating func moveTo(_ target: Int, at now: Double) -> [RoutineCue] {
        if target > index {
            results[index].outcome = .timedOut
            return begin(target, at: now)
        }
        results[index].outcome = .pending
        if results[target].outcome == .done {
            results[target].holds = []
            results[target].repetitions = 0
            results[target].unconfirmed = 0
            unconfirmedHolds[target] = nil
        }
        let s = definition.steps[target]
        enter(target, side: s.bothSides ? (results[target].holdsMet(side: "left") >= s.count ? "right" : "left") : nil, at: now)
        return []
    }

    private mutating func advance(at now: Double) -> [RoutineCue] {
        holdStartedSeconds = nil
        if index + 1 < definition.steps.count { return begin(index + 1, at: now) }
        finished = true
        return [.finished(summary(at: now, stopped: false))]
    }

    private mutating func begin(_ i: Int, at now: Double) -> [RoutineCue] {
        enter(i, side: definition.steps[i].bothSides ? "left" : nil, at: now)
        return [.step(index: i, side: side)]
    }

    /// Makes step `i` the one in progress, waiting for its first hold or repetition on `side`.
    private mutating func enter(_ i: Int, side: String?, at now: Double) {
        index = i
        results[i].outcome = .active
        lastProgressSeconds = now
        holdStartedSeconds = nil
        seriesCount = nil
        self.side = side
    }
}
