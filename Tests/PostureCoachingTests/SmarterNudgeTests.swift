import PostureCoaching
import Testing

/// The positive tap and the alert budget (issue 13.5). Times are sample seconds, passed in.
@Suite("Smarter nudges")
struct SmarterNudgeTests {
    static func settings(backoffAfter: Int = 2, maxFactor: Double = 4) -> NudgeSettings {
        var s = NudgeSettings()
        s.slouchCooldownSeconds = 100
        s.maxPerHour = 120
        s.escalateAfter = 0
        s.backoffAfter = backoffAfter
        s.backoffMaxFactor = maxFactor
        return s
    }

    @Test func aSlouchCorrectedWithinTheWindowAnswersItsAlertOnce() throws {
        var s = NudgeSettings()
        s.responseWindowSeconds = 30
        var n = Nudger(settings: s)
        let r1 = n.corrected(.slouch, monotonic: 1)
        #expect(r1 == nil)  // no alert yet
        _ = n.request(.slouch, monotonic: 10, wall: 10, minuteOfDay: 600)
        let r2 = n.corrected(.slouch, monotonic: 25)
        let r = try #require(r2)
        #expect(r.kind == .slouch && r.afterAlertSeconds == 15)
        #expect(n.earnsPositiveTap(r))
        let r3 = n.corrected(.slouch, monotonic: 26)
        #expect(r3 == nil)  // once per alert
        #expect(n.ignoredInARow[.slouch] == 0)
        // Too late: no answer, and the alert stays ignored.
        _ = n.request(.slouch, monotonic: 1000, wall: 1000, minuteOfDay: 600)
        let r4 = n.corrected(.slouch, monotonic: 1031)
        #expect(r4 == nil)
        #expect(n.ignoredInARow[.slouch] == 1)
        // Any break answers a sitting nudge, and it earns no tap.
        _ = n.request(.sitting, monotonic: 5000, wall: 5000, minuteOfDay: 600)
        let r5 = n.corrected(.sitting, monotonic: 5400)
        let sat = try #require(r5)
        #expect(!n.earnsPositiveTap(sat))
        #expect(n.ignoredInARow[.sitting] == 0)
        // positive_feedback = false: answered, but no tap.
        s.positiveFeedback = false
        var off = Nudger(settings: s)
        _ = off.request(.slouch, monotonic: 0, wall: 0, minuteOfDay: 600)
        let r6 = off.corrected(.slouch, monotonic: 5)
        let quiet = try #require(r6)
        #expect(!off.earnsPositiveTap(quiet))
    }

    @Test func thePositiveTapIsDistinctAndKeepsQuietHoursPauseAndSnoozeButNotTheAlertCap() {
        var s = NudgeSettings()
        #expect(NudgeKind.allCases.filter { $0 != .positive }.allSatisfy { s.pattern(for: $0) != s.positivePattern })
        #expect(s.positivePattern != s.escalationPattern && s.positivePattern.totalMilliseconds <= 100)
        s.quietHours = QuietHours("22:00-07:00")
        s.maxPerHour = 1
        var n = Nudger(settings: s)
        #expect(n.request(.positive, monotonic: 0, wall: 0, minuteOfDay: 23 * 60) == .suppressed(.quietHours))
        #expect(n.request(.slouch, monotonic: 1, wall: 1, minuteOfDay: 600) == .play(s.slouchPattern, escalated: false))
        // Not an alert: the hourly cap (1, used up) does not apply, nor does it count.
        #expect(n.request(.positive, monotonic: 2, wall: 2, minuteOfDay: 600) == .play(s.positivePattern, escalated: false))
        #expect(n.request(.positive, monotonic: 3, wall: 3, minuteOfDay: 600) == .play(s.positivePattern, escalated: false))
        n.snooze(seconds: 600, wall: 10)
        #expect(n.request(.positive, monotonic: 4, wall: 11, minuteOfDay: 600) == .suppressed(.snoozed))
        n.snooze(seconds: 0, wall: 12)
        n.setPause(.indefinitely, wall: 12)
        #expect(n.request(.positive, monotonic: 5, wall: 13, minuteOfDay: 600) == .suppressed(.paused))
        n.setPause(nil, wall: 14)
        s.workingHours = WorkSchedule(days: Array(repeating: .off, count: 7))
        n.settings = s
        #expect(n.request(.positive, monotonic: 6, wall: 15, minuteOfDay: 600, weekday: 3) == .suppressed(.outsideWorkingHours))
    }

    @Test func ignoredAlertsBackOffTheCooldownUpToTheMaximumAndSayBudget() {
        var n = Nudger(settings: Self.settings())
        var played: [Double] = []
        var reasons: [Double: NudgeSuppression] = [:]
        var t = 0.0
        while t < 3000 {
            switch n.request(.slouch, monotonic: t, wall: t, minuteOfDay: 600) {
            case .play: played.append(t)
            case .suppressed(let why): reasons[t] = why
            }
            t += 10
        }
        // 0 and 100 at the configured cooldown; then 200 (x2) and 400 (x4, the maximum) apart.
        #expect(Array(played.prefix(6)) == [0, 100, 300, 700, 1100, 1500])
        #expect(reasons[50] == .cooldown)  // inside the configured cooldown
        #expect(reasons[250] == .budget)  // only the back-off holds it
        #expect(n.backoffFactor(for: .slouch) == 4 && n.cooldownSeconds(for: .slouch) == 400)
        // An answer resets the budget.
        let r7 = n.corrected(.slouch, monotonic: played[played.count - 1] + 20)
        #expect(r7 != nil)
        #expect(n.backoffFactor(for: .slouch) == 1 && n.cooldownSeconds(for: .slouch) == 100)
        // A button acknowledgement too.
        var m = Nudger(settings: Self.settings(backoffAfter: 1))
        _ = m.request(.slouch, monotonic: 0, wall: 0, minuteOfDay: 600)
        #expect(m.backoffFactor(for: .slouch) == 2)
        let r8 = m.acknowledge(monotonic: 5)
        #expect(r8)
        #expect(m.backoffFactor(for: .slouch) == 1)
    }

    @Test func withoutTheBudgetTheCooldownNeverChangesAndEscalationStillWorks() {
        var plain = Nudger(settings: Self.settings(backoffAfter: 0))
        var played = 0
        for i in 0..<30 {
            if case .play = plain.request(.slouch, monotonic: Double(i) * 100, wall: 0, minuteOfDay: 600) { played += 1 }
        }
        #expect(played == 30)
        #expect(plain.backoffFactor(for: .slouch) == 1 && plain.cooldownSeconds(for: .slouch) == 100)
        // Budget and escalation together: the back-off spaces the escalated alerts out.
        var s = Self.settings()
        s.escalateAfter = 2
        var n = Nudger(settings: s)
        var decisions: [NudgeDecision] = []
        for t in stride(from: 0.0, to: 2000, by: 50) {
            let d = n.request(.slouch, monotonic: t, wall: t, minuteOfDay: 600)
            if case .play = d { decisions.append(d) }
        }
        #expect(decisions.count >= 4)
        #expect(decisions.dropFirst(2).allSatisfy { $0 == .play(s.escalationPattern, escalated: true) })
    }

    /// An hour of a wearer who ignores every alert: slouched 330 s, upright 30 s, again. The
    /// pipeline alerts 30 s into each slouch; sitting up 300 s later is no answer.
    @Test func anIgnoringWearerGetsFewerBuzzesAnHourWithTheBudget() {
        func buzzes(_ s: NudgeSettings) -> (played: Int, budget: Int) {
            var n = Nudger(settings: s)
            var played = 0, budget = 0
            for cycle in 0..<10 {
                let start = Double(cycle) * 360
                switch n.request(.slouch, monotonic: start + 30, wall: start + 30, minuteOfDay: 600) {
                case .play: played += 1
                case .suppressed(let why): if why == .budget { budget += 1 }
                }
                let r9 = n.corrected(.slouch, monotonic: start + 330)
                #expect(r9 == nil)
            }
            return (played, budget)
        }
        var withBudget = NudgeSettings()
        withBudget.escalateAfter = 0
        var without = withBudget
        without.backoffAfter = 0
        let a = buzzes(withBudget), b = buzzes(without)
        // 300 s cooldown: every cycle plays without the budget; with it 0, 360, 1080, 2520 s.
        #expect(b.played == 10 && b.budget == 0)
        #expect(a.played == 4 && a.budget == 6)
    }
}
