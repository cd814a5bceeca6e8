import Foundation
import PostureCoaching
import Testing

/// Left against right: the sums, the wording of `posture stats` and the report, the JSON.
@Suite struct SideTotalsTests {
    @Test func theShorterSideIsSaidAgainstTheLongerOne() {
        var t = SideTotals(exercise: "knee_to_chest")
        t.add(side: "left", seconds: 45, degrees: 40)
        t.add(side: "left", seconds: 40, degrees: -44)
        t.add(side: "right", seconds: 60, degrees: 35)
        t.add(side: "none", seconds: 99, degrees: 99)
        #expect(t.leftHolds == 2 && t.rightHolds == 1 && t.leftSeconds == 85 && t.rightSeconds == 60)
        #expect(t.leftDegrees == 44 && t.rightDegrees == 35, "the largest angle, either sign")
        #expect(t.secondsText == "left 85 s / right 60 s: right side 29 % short")
        #expect(t.degreesText == "angle left 44° / right 35°: right side 20 % less")
        #expect(SideTotals.weakerSide(60, 85) == "left" && SideTotals.shortfallPercent(60, 85) == 29)
        #expect(SideTotals(exercise: "x", leftHolds: 1, rightHolds: 1, leftSeconds: 30, rightSeconds: 30.1, leftDegrees: 0,
                           rightDegrees: 0).secondsText == "left 30 s / right 30 s: even")
        #expect(SideTotals(exercise: "x").secondsText == "left 0 s / right 0 s")
        var nan = SideTotals(exercise: "x")
        nan.add(side: "left", seconds: 10, degrees: .nan)
        #expect(nan.leftDegrees == 0 && nan.degreesText == "angle left 0° / right 0°")
    }

    @Test func daysCombineByExercise() {
        var a = DailyCounters(), b = DailyCounters()
        a.addSideHold(exercise: "side_bend", side: "left", seconds: 20, degrees: 25)
        a.addSideHold(exercise: "seated_twist", side: "right", seconds: 22, degrees: 40)
        b.addSideHold(exercise: "seated_twist", side: "right", seconds: 18, degrees: 45)
        b.addSideHold(exercise: "seated_twist", side: "left", seconds: 25, degrees: 38)
        b.addSideHold(exercise: "side_bend", side: "none", seconds: 20, degrees: 25)
        let week = SideTotals.combine([a.sides, b.sides])
        #expect(week.map(\.exercise) == ["side_bend", "seated_twist"])
        #expect(week[0] == SideTotals(exercise: "side_bend", leftHolds: 1, rightHolds: 0, leftSeconds: 20, rightSeconds: 0,
                                      leftDegrees: 25, rightDegrees: 0))
        #expect(week[1] == SideTotals(exercise: "seated_twist", leftHolds: 1, rightHolds: 2, leftSeconds: 25, rightSeconds: 40,
                                      leftDegrees: 38, rightDegrees: 45))
    }

    @Test func countersWithSidesRoundTripAndOlderFilesReadAsNone() throws {
        var c = DailyCounters()
        c.holds = 2
        c.addSideHold(exercise: "thread_the_needle", side: "right", seconds: 21.5, degrees: 33.25)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = String(decoding: try encoder.encode(c), as: UTF8.self)
        #expect(json.contains(#""sides":[{"exercise":"thread_the_needle","left_deg":0,"left_holds":0,"left_s":0,"right_deg":33.25,"right_holds":1,"right_s":21.5}]"#), "\(json)")
        #expect(try JSONDecoder().decode(DailyCounters.self, from: Data(json.utf8)) == c)
        let old = try JSONDecoder().decode(DailyCounters.self, from: Data(#"{"holds":3,"bounces":1}"#.utf8))
        #expect(old.holds == 3 && old.sides.isEmpty)
        let partial = try JSONDecoder().decode(DailyCounters.self, from: Data(#"{"sides":[{"exercise":"side_bend","left_s":12}]}"#.utf8))
        #expect(partial.sides == [SideTotals(exercise: "side_bend", leftHolds: 0, rightHolds: 0, leftSeconds: 12, rightSeconds: 0,
                                             leftDegrees: 0, rightDegrees: 0)])
    }
}
