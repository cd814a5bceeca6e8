import PostureCoaching

// [nudge]: the coaching settings (PostureCoaching.NudgeSettings) and their TOML keys.

extension PostureConfiguration {
    static var nudgeKeys: [ConfigKeySpec] {
        [
            pattern("slouch_pattern", \.daemon.nudge.slouchPattern, doc: "Pattern of a slouch alert."),
            pattern("sitting_pattern", \.daemon.nudge.sittingPattern, doc: "Pattern of a sitting-break nudge."),
            pattern("hold_target_pattern", \.daemon.nudge.holdTargetPattern, doc: "Pattern when a stretch hold meets its target."),
            pattern("warning_pattern", \.daemon.nudge.warningPattern, doc: "Pattern of a bounce or jerk warning during a stretch."),
            pattern("escalation_pattern", \.daemon.nudge.escalationPattern,
                    doc: "Stronger pattern played for slouch and sitting alerts after escalate_after ignored alerts in a row."),
            pattern("routine_step_pattern", \.daemon.nudge.routineStepPattern,
                    doc: "Cue of a guided routine's next step; one short tap per step number follows it."),
            pattern("routine_side_pattern", \.daemon.nudge.routineSidePattern,
                    doc: "Cue of a two-sided routine step: now the other side."),
            pattern("routine_end_pattern", \.daemon.nudge.routineEndPattern, doc: "Cue at the end of a guided routine."),
            pattern("positive_pattern", \.daemon.nudge.positivePattern,
                    doc: "The short tap of positive_feedback: a slouch alert answered by sitting up."),
            .bool("nudge", "positive_feedback", \.daemon.nudge.positiveFeedback,
                  doc: "A short tap (positive_pattern) when a slouch is corrected within response_window_s of its alert.\nPause, snooze, working hours, quiet hours and guided routines keep it still."),
            .number("nudge", "response_window_s", \.daemon.nudge.responseWindowSeconds, range: 5...600,
                    doc: "Sitting up this soon after a slouch alert answers it (positive tap, alert budget reset), in seconds.\nLater, the alert counts as ignored."),
            .integer("nudge", "backoff_after", \.daemon.nudge.backoffAfter, range: 0...20,
                     doc: "The alert budget: after this many slouch or sitting alerts ignored in a row, the kind's cooldown doubles\nwith each further one (up to backoff_max_factor times) and withheld alerts say \"budget\"; 0 never backs off."),
            .number("nudge", "backoff_max_factor", \.daemon.nudge.backoffMaxFactor, range: 1...64,
                    doc: "The longest backed-off cooldown, as a multiple of the configured one."),
            .integer("nudge", "escalate_after", \.daemon.nudge.escalateAfter, range: 0...20,
                     doc: "Ignored alerts in a row (no button press, posture not corrected within response_window_s) before escalating; 0 never escalates."),
            .custom("nudge", "quiet_hours", allowed: "\"off\" or \"HH:MM-HH:MM\" (local time, may span midnight)",
                    doc: "No slouch or sitting alerts in this local-time window, e.g. \"22:00-07:00\".",
                    apply: { c, v in
                        guard case .string(let s) = v else { return "expected a string, found \(v.typeName)" }
                        if s == "off" || s.isEmpty { c.daemon.nudge.quietHours = nil; return nil }
                        guard let q = QuietHours(s) else {
                            return "\"\(s)\" is not allowed (allowed: \"off\" or \"HH:MM-HH:MM\" with different start and end)"
                        }
                        c.daemon.nudge.quietHours = q
                        return nil
                    },
                    render: { tomlString($0.daemon.nudge.quietHours?.description ?? "off") }),
            .number("nudge", "slouch_cooldown_s", \.daemon.nudge.slouchCooldownSeconds, range: 0...86400,
                    doc: "Minimum time between two slouch alerts, in seconds."),
            .number("nudge", "sitting_cooldown_s", \.daemon.nudge.sittingCooldownSeconds, range: 0...86400,
                    doc: "Minimum time between two sitting nudges, in seconds."),
            .number("nudge", "hold_target_cooldown_s", \.daemon.nudge.holdTargetCooldownSeconds, range: 0...3600,
                    doc: "Minimum time between two hold-target signals, in seconds."),
            .number("nudge", "warning_cooldown_s", \.daemon.nudge.warningCooldownSeconds, range: 0...3600,
                    doc: "Minimum time between two bounce/jerk warnings, in seconds."),
            .number("nudge", "snooze_default_s", \.daemon.nudge.snoozeDefaultSeconds, range: 60...86400,
                    doc: "How long a snooze from the button lasts, in seconds."),
            .integer("nudge", "max_per_hour", \.daemon.nudge.maxPerHour, range: 1...120,
                     doc: "At most this many slouch and sitting alerts in any hour; more are skipped (and counted)."),
            .integer("nudge", "settle_ms", \.daemon.nudge.settleMilliseconds, range: 0...5000,
                     doc: "Samples stay marked as disturbed this long after the motor stops, in milliseconds."),
            .number("nudge", "ack_window_s", \.daemon.nudge.ackWindowSeconds, range: 5...3600,
                    doc: "A short press this soon after an alert acknowledges it (short_action = ack_or_snooze), in seconds."),
        ]
    }

    static func pattern(_ name: String, _ keyPath: WritableKeyPath<PostureConfiguration, VibrationPattern> & Sendable,
                        doc: String) -> ConfigKeySpec {
        .custom("nudge", name, allowed: "1 to 32 durations of 10 to 5000 ms, on first, at most 10000 ms in all",
                doc: doc + " Milliseconds on, off, on, ...",
                apply: { c, v in
                    guard case .array(let items) = v else { return "expected an array such as [200, 100, 200], found \(v.typeName)" }
                    var steps: [Int] = []
                    for item in items {
                        guard case .integer(let ms) = item, (10...5000).contains(ms) else {
                            return "every duration must be an integer from 10 to 5000 ms"
                        }
                        steps.append(ms)
                    }
                    guard (1...32).contains(steps.count) else { return "\(steps.count) durations (allowed 1 to 32)" }
                    guard steps.reduce(0, +) <= 10000 else { return "the pattern lasts \(steps.reduce(0, +)) ms (allowed at most 10000)" }
                    c[keyPath: keyPath] = VibrationPattern(steps)
                    return nil
                },
                render: { $0[keyPath: keyPath].description })
    }
}
