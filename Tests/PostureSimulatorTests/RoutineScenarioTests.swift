import Foundation
import PostureCoaching
import Testing
@testable import PostureSimulator

/// The routine scenarios: a wearer doing a routine as cued, and the summary in the labels.
@Suite struct RoutineScenarioTests {
    @Test(arguments: [ScenarioKind.routine, .customRoutine])
    func labelsCarryTheRoutinesTrueSummary(kind: ScenarioKind) throws {
        let definition = try #require(SimulatedRoutine.definition(for: kind))
        #expect(definition.steps.count == (kind == .routine ? 5 : SimulatedRoutine.customSteps.count))
        var skips = 0, badHolds = 0, shortHolds = 0, wrongFirst = 0
        for seed in UInt64(1)...6 {
            let s = ScenarioSimulator.generate(kind, seed: seed)
            let truth = try #require(s.labels.routine)
            #expect(truth.name == definition.name && truth.steps.count == definition.steps.count)
            #expect(truth.stepEnds.count == truth.steps.count)
            #expect(truth.startSeconds > (s.labels.calibrations.first ?? .infinity))
            #expect(zip(truth.stepEnds, truth.stepEnds.dropFirst()).allSatisfy { $0 < $1 })
            #expect(truth.skipSeconds.count == truth.steps.filter { $0.outcome == .skipped }.count)
            skips += truth.skipSeconds.count
            for (step, result) in zip(definition.steps, truth.steps) {
                #expect(result.exercise == step.exercise)
                #expect(result.outcome == .done || result.outcome == .skipped)
                guard result.outcome == .done else { #expect(result.holds.isEmpty && result.repetitions == 0); continue }
                switch step.kind {
                case .repetitions:
                    #expect(result.repetitions == step.count)
                case .hold:
                    let target = try #require(step.holdSeconds)
                    // Done: enough holds on target per side, each labelled hold's time against the target.
                    if step.bothSides {
                        #expect(result.holdsMet(side: "left") == step.count && result.holdsMet(side: "right") == step.count)
                        if result.holds.first?.side == "right" { wrongFirst += 1 }
                    } else {
                        #expect(result.holdsMet(side: nil) == step.count)
                    }
                    #expect(!result.holds.isEmpty)
                    for h in result.holds { #expect(h.targetMet == (h.seconds >= target)) }
                    shortHolds += result.holds.filter { !$0.targetMet }.count
                    badHolds += result.unconfirmed
                }
            }
            // Every hold of the routine is in the labels' holds, named unless done badly.
            let named = s.labels.holds.filter { $0.exercise != nil }.count
            #expect(named + truth.steps.reduce(0) { $0 + $1.unconfirmed } == truth.steps.reduce(0) { $0 + $1.holds.count })
        }
        // Over a few seeds the variations all appear.
        #expect(skips > 0 && shortHolds > 0)
        if kind == .routine { #expect(badHolds > 0 && wrongFirst > 0) }
    }

    @Test func routineLabelsRoundTripAndOlderLabelsHaveNone() throws {
        let s = ScenarioSimulator.generate(.routine, seed: 2)
        let decoded = try ScenarioLabels.decode(s.labels.jsonData())
        #expect(decoded == s.labels && decoded.routine != nil)
        let older = ScenarioSimulator.generate(.hover, seed: 2).labels
        #expect(older.routine == nil)
        #expect(try !String(decoding: older.jsonData(), as: UTF8.self).contains("routine"))
    }

    @Test func theCustomRoutineIsValidConfiguration() {
        #expect(SimulatedRoutine.custom.steps.count == SimulatedRoutine.customSteps.count)
        #expect(SimulatedRoutine.configTOML.contains("name = \"\(SimulatedRoutine.customName)\""))
        #expect(SimulatedRoutine.definition(for: .hover) == nil)
    }

    @Test func placesAreReachable() {
        for a in WearerPlace.allCases {
            for b in WearerPlace.allCases where a != b {
                let route = a.route(to: b)
                #expect(route.last == b, "\(a) -> \(b)")
                #expect(zip([a] + route, route).allSatisfy { $0.neighbours.contains($1) })
            }
        }
    }
}
