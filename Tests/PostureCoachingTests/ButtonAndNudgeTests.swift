import PostureCoaching
import Testing

@Suite("Button gestures")
struct ButtonGestureTests {
    func recognizer() -> ButtonGestureRecognizer {
        ButtonGestureRecognizer(debounceSeconds: 0.03, longPressSeconds: 1.5, doublePressSeconds: 0.35)
    }

    @Test func shortPressIsReportedAfterTheDoubleWindow() {
        var r = recognizer()
        #expect(r.edge(pressed: true, at: 10) == nil)
        #expect(r.edge(pressed: false, at: 10.2) == nil)
        #expect(r.poll(at: 10.5) == nil)
        #expect(abs((r.nextDeadline ?? 0) - 10.55) < 1e-9)
        #expect(r.poll(at: 10.55) == .short)
        #expect(r.poll(at: 20) == nil)
    }

    @Test func contactBounceIsOnePress() {
        var r = recognizer()
        var gestures: [ButtonGesture] = []
        // Chatter for 10 ms at both ends.
        for (t, p) in [(1.0, true), (1.003, false), (1.006, true), (1.01, false), (1.012, true),
                       (1.3, false), (1.302, true), (1.305, false)] {
            if let g = r.edge(pressed: p, at: t) { gestures.append(g) }
        }
        var t = 1.31
        while t < 3 { if let g = r.poll(at: t) { gestures.append(g) }; t += 0.01 }
        #expect(gestures == [.short])
    }

    @Test func longPressFiresWhileHeld() {
        var r = recognizer()
        _ = r.edge(pressed: true, at: 5)
        #expect(r.poll(at: 6.4) == nil)
        #expect(abs((r.nextDeadline ?? 0) - 6.5) < 1e-9)
        #expect(r.poll(at: 6.5) == .long)
        // The release after a long press is not a short press.
        #expect(r.edge(pressed: false, at: 7) == nil)
        #expect(r.poll(at: 9) == nil)
    }

    @Test func doublePress() {
        var r = recognizer()
        _ = r.edge(pressed: true, at: 1)
        _ = r.edge(pressed: false, at: 1.1)
        _ = r.edge(pressed: true, at: 1.3)
        #expect(r.edge(pressed: false, at: 1.4) == .double)
        #expect(r.poll(at: 3) == nil)
    }

    @Test func pressesFurtherApartAreTwoShorts() {
        var r = recognizer()
        var gestures: [ButtonGesture] = []
        for (t, p) in [(1.0, true), (1.1, false), (2.0, true), (2.1, false)] {
            if let g = r.edge(pressed: p, at: t) { gestures.append(g) }
        }
        if let g = r.poll(at: 3) { gestures.append(g) }
        #expect(gestures == [.short, .short])
    }
}

@Suite("Nudger")
struct NudgerTests {
    @Test func cooldownPerKindAndEscalation() {
        var s = NudgeSettings()
        s.slouchCooldownSeconds = 60
        s.escalateAfter = 2
        s.backoffAfter = 0  // escalation alone here; the alert budget has its own tests
        var n = Nudger(settings: s)
        #expect(n.request(.slouch, monotonic: 0, wall: 0, minuteOfDay: 600) == .play(s.slouchPattern, escalated: false))
        #expect(n.request(.slouch, monotonic: 30, wall: 30, minuteOfDay: 600) == .suppressed(.cooldown))
        // Another kind has its own cooldown.
        #expect(n.request(.warning, monotonic: 31, wall: 31, minuteOfDay: 600) == .play(s.warningPattern, escalated: false))
        #expect(n.request(.slouch, monotonic: 61, wall: 61, minuteOfDay: 600) == .play(s.slouchPattern, escalated: false))
        // Two ignored in a row: the third escalates.
        #expect(n.request(.slouch, monotonic: 130, wall: 130, minuteOfDay: 600) == .play(s.escalationPattern, escalated: true))
        // Acknowledging resets it.
        let acknowledged = n.acknowledge(monotonic: 135)
        #expect(acknowledged)
        #expect(n.request(.slouch, monotonic: 200, wall: 200, minuteOfDay: 600) == .play(s.slouchPattern, escalated: false))
        // Sitting up soon after the alert counts as not ignored.
        #expect(n.ignoredInARow[.slouch] == 1)
        let r1 = n.corrected(.slouch, monotonic: 210)
        #expect(r1 != nil)
        #expect(n.ignoredInARow[.slouch] == 0)
    }

    @Test func snoozeAndQuietHoursSilenceAlertsButNotStretchFeedback() {
        var s = NudgeSettings()
        s.quietHours = QuietHours("22:00-07:00")
        var n = Nudger(settings: s)
        #expect(n.request(.slouch, monotonic: 0, wall: 0, minuteOfDay: 23 * 60) == .suppressed(.quietHours))
        #expect(n.request(.sitting, monotonic: 0, wall: 0, minuteOfDay: 6 * 60 + 59) == .suppressed(.quietHours))
        n.snooze(seconds: 600, wall: 1000)
        #expect(n.request(.slouch, monotonic: 1, wall: 1100, minuteOfDay: 600) == .suppressed(.snoozed))
        #expect(n.request(.holdTarget, monotonic: 2, wall: 1100, minuteOfDay: 600) == .play(s.holdTargetPattern, escalated: false))
        #expect(n.request(.slouch, monotonic: 3, wall: 1601, minuteOfDay: 600) == .play(s.slouchPattern, escalated: false))
    }

    @Test func hourlyCap() {
        var s = NudgeSettings()
        s.maxPerHour = 3
        s.slouchCooldownSeconds = 0
        s.escalateAfter = 0
        var n = Nudger(settings: s)
        var played = 0
        for i in 0..<10 {
            if case .play = n.request(.slouch, monotonic: Double(i) * 60, wall: 0, minuteOfDay: 600) { played += 1 }
        }
        #expect(played == 3)
        if case .play = n.request(.slouch, monotonic: 3600 + 1, wall: 0, minuteOfDay: 600) {} else { Issue.record("cap should expire") }
    }

    @Test func vibrationSchedulePlaysThePatternAndMarksDisturbance() {
        var v = VibrationScheduler(settleSeconds: 0.3)
        v.enqueue(VibrationPattern([100, 50, 100]), kind: .slouch, at: 10)
        #expect(abs((v.nextTransition(after: 10) ?? 0) - 10.1) < 1e-9)
        #expect(abs((v.nextTransition(after: 10.2) ?? 0) - 10.25) < 1e-9)
        let levels = [10, 10.12, 10.2, 10.25].map { v.level(at: $0) }
        #expect(levels == [true, false, true, false])
        #expect(v.isDisturbed(at: 10.5))
        #expect(!v.isDisturbed(at: 10.56))
        #expect(!v.isDisturbed(at: 9.99))
    }
}
