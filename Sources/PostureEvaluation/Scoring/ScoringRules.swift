/// The matching rules, shown in `posture score --help` and the README.
public enum ScoringRules {
    public static let text = """
        Each seed generates every scenario kind with the simulator; each is replayed
        through the pipeline (markers as button presses) and compared with the
        scenario's labels:
        - Slouch alerts: labelled slouch episodes less than 10 s apart, or inside one
          "hover" span (the levels between may stay within the hysteresis), are
          merged. An episode expects an alert when one of its parts is at least 2°
          beyond [slouch] angle_deg and lasts at least alert_after_s + 5 s. An alert
          inside [episode start + alert_after_s - 5 s, episode end + 3 s] matches it
          (the label starts when the slouch angle is reached, the clock when the
          threshold is crossed; repeats within the episode are fine); alerts matching
          a borderline episode, or inside a "hover" span, are ignored; any other alert
          is a false alert. Latency = first alert - (start + alert_after_s).
        - Sitting nudges: the ideal time is the start of a sitting bout (breaks
          shorter than [sitting] break_s do not end it) + nudge_after_s; a nudge
          within 120 s of it matches.
        - Holds: a detected hold (hold_end's start_t and duration_s) matches the label
          hold it overlaps most, if the overlap is at least half of the label's
          duration. Duration error = |detected - labelled duration|. Target met is
          scored on matched holds whose labelled duration is more than 1 s from
          hold_target_s.
        - Bounces: a hold is bouncing when its labels have 2 or more bounce cycles (1
          cycle is not scored); it is detected as bouncing when a bounce event falls
          inside it (+2 s). Jerks: a hold is jerky when jerks are attributed to it;
          detected when a jerk event falls in [start - 2 s, end + 3 s]. Accuracy =
          holds classified correctly / holds scored. Smooth holds must have no bounce
          or jerk event in [start, end]. A jerk label is found by a jerk event in [t -
          0.5 s, t + 2.5 s] (the event comes once the movement is over).
        - Activity: agreement per second, skipping 3 s either side of a labelled
          change. Posture: agreement per second, skipping 8 s after a labelled change,
          distractors (+8 s) and from a stretch marker to the next calibration
          (informational).
        - Repetitions: per labelled series, |last repetition count - labelled count|.
          Breathing: |breaths_per_min - labelled rate| for holds with one deep-
          breathing rate; breath_held within a labelled breath hold (+5 s). Twists: a
          twist event within [t - 0.5 s, t + 2 s] of a labelled self-twist.
        - Exercises: every labelled hold with an exercise (stretch-break, mixed-day and
          the exercises scenario, whose odd seeds wear the board flat, +x forward, and
          even seeds flat on the back, +z forward) is matched as above; its hold_end
          names it right, wrongly, or unknown (neither). Sides are scored on correctly
          named holds with a labelled side (none is neither). Per-exercise target met:
          as above with the labelled exercise's target. A repetition series is named by
          its last repetition event. other_side_due is due after a labelled one-sided
          hold when that side now has more holds in the session; found in [start, end +
          10 s]. deep_breaths: due with >= count + 2 labelled deep breaths in the hold,
          not due with <= count - 2. warm_up_cue: due for a session after a labelled
          sitting bout >= warm_up_after_sitting_s + 60 s with < warm_up_walk_s - 20 s
          walked since; not due after a short bout or a long walk. The exercises
          scenario is scored on these rows only.
        Targets: slouch precision and recall >= 0.95, hold median duration error
        <= 1 s, bounce and jerk accuracy >= 0.95, no bounce or jerk on smooth holds,
        exercise name accuracy >= 0.9 with wrong names <= 0.05, side accuracy >= 0.9,
        per-exercise target-met accuracy >= 0.9.
        Guided routines (routine: the basic daily one; custom-routine: a user's own),
        seeds --first-seed + 100 on (or --hard-first-seed), replayed as the daemon runs
        them (the runner hears the pipeline's events; skips at the labelled presses),
        each step of the final summary against the labelled one: outcome (done,
        skipped, timed out) equal; hold steps: holds and holds on target equal; two-
        sided steps: holds on target per side equal; repetition steps: count within 1;
        bounces and jerks equal (informational). Named credits: of the credits of
        steps done well, those not named unknown (unknown beyond the labelled badly
        done holds is a miss). Right in steps: ended by its last step and every step
        right on all of these but bounces and jerks; entirely right: those too
        (informational). Targets: ended >= 0.95, every step cued, advanced >= 0.95,
        holds, repetitions, sides and named credits >= 0.9, right in steps >= 0.9.
        A target with nothing to measure (e.g. no labelled holds) is n/a, not missed.
        Tune on seeds 1-20 and check a held-out range: --first-seed 101.
        """
}
