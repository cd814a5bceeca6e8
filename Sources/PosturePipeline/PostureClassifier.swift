import PostureCore

/// Upright / slouched / reclined / leaning from the trunk angles, with hysteresis (no
/// flicker at a threshold) and a confirmation time (a reach, cough or turn is too short
/// to change the posture). Quick movement freezes the classification.
struct PostureClassifier: Sendable {
    private(set) var reported = PostureState.unknown
    /// The posture the angles show right now (with hysteresis), before confirmation.
    private(set) var instantaneous = PostureState.unknown
    private var candidate = PostureState.unknown
    /// Still (not moving) seconds the candidate has lasted.
    private(set) var candidateSeconds = 0.0
    /// How long the angles have shown another posture than `instantaneous`.
    private var contrarySeconds = 0.0

    /// The posture of `angles`, given the current one (thresholds shrink by the hysteresis
    /// to leave a state).
    static func classify(_ angles: TrunkAngles, current: PostureState,
                         slouch: SlouchSettings, posture: PostureSettings) -> PostureState {
        let h = posture.hysteresisDegrees
        let slouchLimit = slouch.angleDegrees - (current == .slouched ? h : 0)
        let reclineLimit = posture.reclineAngleDegrees - (current == .reclined ? h : 0)
        let leanLimit = posture.leanAngleDegrees - (current == .leaning ? h : 0)
        let forward = angles.pitchDegrees / slouchLimit
        let backward = -angles.pitchDegrees / reclineLimit
        let side = abs(angles.rollDegrees) / leanLimit
        // The dominant direction wins when two are beyond their limits (a slumped lean).
        let strongest = max(forward, backward, side)
        guard strongest > 1 else { return .upright }
        if strongest == forward { return .slouched }
        if strongest == backward { return .reclined }
        return .leaning
    }

    /// Feeds one sample; returns the new reported posture when it changes.
    mutating func update(angles: TrunkAngles, moving: Bool, dt: Double,
                         slouch: SlouchSettings, posture: PostureSettings) -> PostureState? {
        if moving { return nil }  // hold everything while the trunk moves quickly
        let raw = Self.classify(angles, current: instantaneous, slouch: slouch, posture: posture)
        // A brief excursion across a threshold (a jolt) is not a change of posture.
        if raw != instantaneous && instantaneous != .unknown {
            contrarySeconds += dt
            if contrarySeconds >= posture.steadySeconds {
                instantaneous = raw
                contrarySeconds = 0
            }
        } else {
            instantaneous = raw
            contrarySeconds = 0
        }
        if instantaneous == reported {
            candidate = reported
            candidateSeconds = 0
            return nil
        }
        if instantaneous != candidate {
            candidate = instantaneous
            candidateSeconds = 0
        }
        candidateSeconds += dt
        // The first posture after calibration needs no confirmation: the wearer was upright.
        if candidateSeconds >= posture.confirmSeconds || reported == .unknown {
            reported = candidate
            return reported
        }
        return nil
    }

    mutating func reset(to state: PostureState) {
        reported = state
        instantaneous = state
        candidate = state
        candidateSeconds = 0
        contrarySeconds = 0
    }
}

/// Counts slouched time in an episode and raises the alerts: the first after
/// `alertAfterSeconds`, then every `repeatEverySeconds` up to `maxAlertsPerEpisode`.
/// Quick movement pauses the clock; only a confirmed return to another posture ends the episode.
struct SlouchAlerter: Sendable {
    private(set) var inEpisode = false
    private(set) var slouchedSeconds = 0.0
    private(set) var alertsInEpisode = 0

    /// Call when the reported posture becomes slouched; `alreadySeconds` is the still time
    /// it took to confirm (the clock starts at the onset, not at the confirmation).
    mutating func beginEpisode(alreadySeconds: Double) {
        inEpisode = true
        slouchedSeconds = alreadySeconds
        alertsInEpisode = 0
    }

    mutating func endEpisode() {
        inEpisode = false
        slouchedSeconds = 0
        alertsInEpisode = 0
    }

    /// Advances the clock; returns true when an alert is due. `counting` is false while the
    /// trunk moves quickly or the angles do not show slouching right now.
    mutating func update(dt: Double, counting: Bool, suppressed: Bool, settings: SlouchSettings) -> Bool {
        guard inEpisode else { return false }
        if counting { slouchedSeconds += dt }
        guard alertsInEpisode < settings.maxAlertsPerEpisode else { return false }
        let due = settings.alertAfterSeconds + Double(alertsInEpisode) * settings.repeatEverySeconds
        guard slouchedSeconds >= due else { return false }
        // Inside a stretch session the alert is skipped, not postponed.
        alertsInEpisode += 1
        return !suppressed
    }
}
