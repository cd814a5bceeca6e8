import PostureCoaching
import PostureCore
import PostureReport
import Testing

/// The report page from gathered figures: the timeline model, and what the HTML says.
@Suite struct ReportTests {
    static func event(_ t: Double, _ payload: EventPayload) -> PostureEvent { PostureEvent(timeSeconds: t, payload: payload) }

    /// A morning: sit, slouch, alert, stand (a break), stretch with two holds, sit again.
    static let morning: [PostureEvent] = [
        event(100, .activity(.sitting)), event(100, .posture(.upright)),
        event(400, .posture(.slouched)), event(430, .slouchAlert(slouchedSeconds: 30)),
        event(500, .posture(.upright)), event(1900, .sittingNudge(sittingSeconds: 1800)),
        event(2000, .activity(.standing)), event(2010, .stretchStart(reason: .button)),
        event(2040, .holdEnd(HoldEndSummary(durationSeconds: 25, targetMet: true, bounces: 0, jerks: 0, pitchDegrees: -20,
                                            rollDegrees: 0, startSeconds: 0))),
        event(2050, .bounce(frequencyHz: 1.5, amplitudeDegrees: 4, axis: .pitch)),
        event(2070, .holdEnd(HoldEndSummary(durationSeconds: 12, targetMet: false, bounces: 3, jerks: 1, pitchDegrees: 10,
                                            rollDegrees: 20, startSeconds: 0))),
        event(2071, .jerk(peakDegreesPerSecond: 250)),
        event(2080, .stretchEnd(durationSeconds: 70, holds: 2, holdsTargetMet: 1)),
        event(2100, .activity(.sitting)),
    ]

    static let axis = TimeAxis(startSeconds: 0, endSeconds: 3600, ticks: [.init(seconds: 0, label: "09:00"), .init(seconds: 3600, label: "10:00")])

    @Test func timelineHasTheBandsBoutsAndHolds() {
        let t = DayTimeline(events: Self.morning, axis: Self.axis, dataEndSeconds: 3000)
        #expect(t.posture.map(\.state) == ["upright", "slouched", "upright"])
        #expect(DayTimeline.seconds(in: t.posture, state: "slouched") == 100)
        #expect(t.posture.last?.toSeconds == 3000, "the last state lasts to the end of the data")
        #expect(t.activity.map(\.state) == ["sitting", "standing", "sitting"])
        #expect(t.sittingBouts.count == 2)
        #expect(t.sittingBouts.first?.seconds == 1900)
        #expect(t.sittingBouts.first?.nudgeSeconds == [1900])
        #expect(t.breaks == 1)
        #expect(t.slouchAlerts == [430])
        #expect(t.stretchSessions.count == 1 && t.stretchSessions.first?.seconds == 70)
        #expect(t.holds.map(\.startSeconds) == [2015, 2058])
        #expect(t.holds.map(\.targetMet) == [true, false])
        #expect(t.bounces == [2050] && t.jerks == [2071])
    }

    /// Nothing is drawn while the daemon was not running (the Pi off over lunch).
    @Test func statesAreDrawnOnlyWhileTheDaemonRan() {
        let t = DayTimeline(events: Self.morning, axis: Self.axis, dataEndSeconds: 3600, coverage: [50...1000, 1500...3000])
        #expect(t.posture.allSatisfy { $0.fromSeconds >= 50 && $0.toSeconds <= 3000 && !($0.fromSeconds < 1500 && $0.toSeconds > 1000) })
        #expect(t.posture.last?.toSeconds == 3000)
        #expect(t.sittingBouts.map(\.fromSeconds) == [100, 1500, 2100])
        #expect(t.sittingBouts[1].nudgeSeconds == [1900], "the nudge stays with the part of the bout it fell in")
        #expect(DayTimeline.seconds(in: t.activity, state: "sitting") == 900 + 500 + 900)
    }

    @Test func eventsOutsideTheAxisAreClipped() {
        let t = DayTimeline(events: [Self.event(-500, .posture(.slouched)), Self.event(5000, .posture(.upright))],
                            axis: Self.axis, dataEndSeconds: 9000)
        #expect(t.posture.count == 1)
        #expect(t.posture.first?.fromSeconds == 0 && t.posture.first?.toSeconds == 3600)
    }

    @Test func pageIsSelfContainedAndCarriesTheFigures() {
        var c = DailyCounters()
        c.slouchedSeconds = 100.25
        c.holds = 2
        c.holdsTargetMet = 1
        c.slouchAlerts = 1
        let timeline = DayTimeline(events: Self.morning, axis: Self.axis, dataEndSeconds: 3000)
        let day = ReportDay(day: "2026-11-24", counters: c, timeline: timeline)
        let trend = (18...24).map { ReportDay(day: "2026-11-\($0)", counters: $0 == 24 ? c : nil) }
        let html = ReportHTML.render(ReportPage(title: "Your day <test>", source: "tests", days: [day], trend: trend,
                                                holdTargetSeconds: 20))
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(!html.contains("<script") && !html.contains("http://") && !html.contains("https://") && !html.contains("src="))
        #expect(html.contains("Your day &lt;test&gt;"))
        #expect(html.contains(#"data-key="slouched_s" data-value="100.25""#))
        #expect(html.contains(#"data-key="holds_target_met" data-value="1""#))
        #expect(html.contains(#"data-key="breaks" data-value="1""#))
        for chart in ["timeline", "holds", "trend-slouched", "trend-longest-bout", "trend-breaks", "trend-holds"] {
            #expect(html.contains(#"data-chart="\#(chart)""#), "\(chart)")
        }
        #expect(html.contains("posture-slouched") && html.contains("marker nudge") && html.contains("marker jerk"))
        #expect(html.components(separatedBy: "class=\"hold").count - 1 == 2)
    }

    @Test func holdsAreMarkedAgainstTheirExercisesTargets() {
        let side = HoldEndSummary(durationSeconds: 16, targetMet: true, bounces: 0, jerks: 0, pitchDegrees: 0, rollDegrees: 25,
                                  startSeconds: 100, exercise: ExerciseRecognition(exercise: .sideBend, side: .left))
        let other = HoldEndSummary(durationSeconds: 12, targetMet: false, bounces: 0, jerks: 0, pitchDegrees: 0, rollDegrees: 0,
                                   startSeconds: 200)
        let timeline = DayTimeline(events: [Self.event(116, .holdEnd(side)), Self.event(212, .holdEnd(other))],
                                   axis: Self.axis, dataEndSeconds: 3000)
        #expect(timeline.holds.map(\.exercise) == [.sideBend, .unknown])
        var page = ReportPage(title: "day", source: "tests", days: [ReportDay(day: "2026-11-24", counters: DailyCounters(), timeline: timeline)],
                              trend: [], holdTargetSeconds: 20)
        page.exerciseTargetSeconds = [.sideBend: 15]
        let html = ReportHTML.render(page)
        // Each bar carries its own target: 15 s for the side bend, the generic 20 s for the unnamed hold.
        #expect(html.components(separatedBy: "class=\"bar-target\"").count - 1 == 2)
        #expect(html.contains("side bend (left), target 15"))
        #expect(html.contains("unknown, target 20"))
    }

    @Test func weekPageDrawsEachDayCompactAndNoHoldChart() {
        let days = (18...24).map { d in
            ReportDay(day: "2026-11-\(d)", counters: DailyCounters(),
                      timeline: DayTimeline(events: Self.morning, axis: Self.axis, dataEndSeconds: 3000))
        }
        let html = ReportHTML.render(ReportPage(title: "week", source: "tests", days: days, trend: days, holdTargetSeconds: 20))
        #expect(html.components(separatedBy: #"data-chart="timeline-compact""#).count - 1 == 7)
        #expect(!html.contains(#"data-chart="holds""#))
        #expect(html.components(separatedBy: #"data-key="slouched_s""#).count - 1 == 7)
    }

    @Test func elapsedAxisTicksFitTheRecording() {
        let a = TimeAxis.elapsed(durationSeconds: 3000)
        #expect(!a.ticks.isEmpty)
        #expect(a.ticks.count <= 13)
        #expect(a.ticks.first?.label == "0:00")
        #expect(a.ticks.contains { $0.label == "0:50" })
    }
}
