import Foundation
import PostureCore
import PostureTrace
import Testing
@testable import PostureSimulator

@Suite struct DeterminismTests {
    @Test func sameSeedGivesIdenticalOutput() {
        var options = SimulationOptions()
        options.durationSeconds = 120
        let a = ScenarioSimulator.generate(.hover, seed: 42, options: options)
        let b = ScenarioSimulator.generate(.hover, seed: 42, options: options)
        #expect(a.traceText() == b.traceText())
        #expect(a.labels == b.labels)
    }

    @Test func differentSeedsDiffer() {
        var options = SimulationOptions()
        options.durationSeconds = 120
        let a = ScenarioSimulator.generate(.hover, seed: 1, options: options)
        let b = ScenarioSimulator.generate(.hover, seed: 2, options: options)
        #expect(a.labels != b.labels)
        #expect(a.trace.records.prefix(100).map(\.sample) != b.trace.records.prefix(100).map(\.sample))
    }

    @Test func traceHasTheMetadataAndRoundTripsThroughTheReader() throws {
        let s = Fixtures.walking
        #expect(s.trace.metadataValue("rate_hz") == "100")
        #expect(s.trace.metadataValue("sensor") == "simulated")
        #expect(s.trace.metadataValue("source") == "posture simulate walking seed 4")
        #expect(s.trace.metadataValue("mounting") == "upper back, +x forward, +z up")
        let parsed = try TraceReader.parse(s.traceText(), file: "sim.csv")
        #expect(parsed.records.count == s.trace.records.count)
        let calibrate = parsed.records.firstIndex { $0.marker == .calibrate }
        #expect(calibrate.map { parsed.records[$0].sample.timeSeconds } == s.labels.calibrations.first)
        // The written file holds exactly the generated timestamps.
        #expect(parsed.records.map(\.sample.timeSeconds) == s.trace.records.map(\.sample.timeSeconds))
    }
}

@Suite struct KinematicConsistencyTests {
    /// Integrating the gyro (minus the true bias) over 5 s windows reproduces the change of the true
    /// orientation, both of the up direction (which the accelerometer sees) and of a horizontal one.
    @Test func integratedGyroMatchesTheTrueOrientation() {
        var options = SimulationOptions()
        // Scale errors would legitimately break the match on big moves; everything else stays.
        options.gyroScaleErrorMax = 0
        let s = ScenarioSimulator.generate(.stretchBreak, seed: 11, options: options)
        let records = s.trace.records
        let bias = s.truth.map(\.gyroBiasDegreesPerSecond)
        let M = s.mounting.bodyToSensor
        func worldInSensor(_ w: Vector3, _ i: Int) -> Vector3 {
            let t = s.truth[i]
            return M.apply(Quaternion(yawDegrees: t.yawDegrees, pitchDegrees: t.pitchDegrees, rollDegrees: t.rollDegrees).inverseRotate(w))
        }
        var worst = 0.0, worstTurn = 0.0
        var first = 0
        while first + 500 < records.count {
            let last = first + 500
            for w in [Vector3.unitZ, Vector3.unitX] {
                let predicted = propagate(worldInSensor(w, first), gyro: records, bias: bias, from: first, to: last)
                worst = max(worst, predicted.angleDegrees(to: worldInSensor(w, last)))
                worstTurn = max(worstTurn, worldInSensor(w, first).angleDegrees(to: worldInSensor(w, last)))
            }
            first = last
        }
        #expect(worstTurn > 45, "the scenario has big moves")
        #expect(worst < 1.0, "gyro integration error \(worst)°")
        // And up from the true orientation is the ground-truth column.
        for i in stride(from: 0, to: records.count, by: 97) {
            let up = try? #require(records[i].trueUp)
            #expect(((up ?? .zero) - worldInSensor(.unitZ, i)).norm < 1e-9)
        }
    }

    /// When the trunk is not being moved, the accelerometer points along the true up direction.
    @Test func accelerometerAgreesWithTrueUpWhenStill() {
        let s = Fixtures.stretch
        var worst = 0.0, checked = 0
        for r in s.trace.records where r.moving == false {
            guard let up = r.trueUp else { continue }
            worst = max(worst, r.sample.accelG.angleDegrees(to: up))
            checked += 1
        }
        #expect(checked > 10_000)
        // Accel bias (≤ 0.02 g/axis), noise and breathing's tiny chest acceleration.
        #expect(worst < 4, "\(worst)°")
    }

    /// Sit-to-stand: the trunk leans forward 20-40° and the vertical specific force rises above,
    /// then drops below, 1 g as the hips accelerate up and brake.
    @Test func sitToStandLeansForwardAndPushesUp() throws {
        let s = Fixtures.walking
        let standing = try #require(s.labels.activities.first { $0.state == "standing" })
        let idx = s.indices(from: standing.start - 2.5, to: standing.start + 2.5)
        let vertical = idx.map { s.trace.records[$0].sample.accelG.dot(s.trace.records[$0].trueUp ?? .unitZ) }
        let lean = idx.map { s.truth[$0].pitchDegrees }.max() ?? 0
        #expect(lean > 18 && lean < 42, "\(lean)")
        #expect((vertical.max() ?? 0) > 1.08 && (vertical.min() ?? 2) < 0.95, "\(vertical.min() ?? 0)...\(vertical.max() ?? 0)")
    }

    @Test func walkingBouncesAtTheStepCadence() {
        let s = Fixtures.walking
        let walks = s.labels.activities.filter { $0.state == "walking" }
        #expect(walks.count == 2)
        for walk in walks {
            let idx = s.indices(from: walk.start + 5, to: walk.end - 5)
            let up = idx.map { s.trace.records[$0].sample.accelG.dot(s.trace.records[$0].trueUp ?? .unitZ) }
            let m = mean(up)
            let sd = (up.map { ($0 - m) * ($0 - m) }.reduce(0, +) / Double(up.count)).squareRoot()
            // Peak 0.1-0.3 g → rms about 0.07-0.22 g.
            #expect(sd > 0.06 && sd < 0.25, "vertical rms \(sd) g")
            // Upward zero crossings of the detrended vertical acceleration: 1.5-2.2 steps/s.
            var crossings = 0
            for k in 1..<up.count where up[k - 1] < m && up[k] >= m { crossings += 1 }
            let cadence = Double(crossings) / (walk.end - walk.start - 10)
            #expect(cadence > 1.4 && cadence < 2.4, "cadence \(cadence)")
        }
    }
}

@Suite struct LabelConsistencyTests {
    @Test(arguments: [0, 1, 2])
    func labelsCoverTheScenarioWithoutGaps(which: Int) {
        let s = [Fixtures.stretch, Fixtures.desk, Fixtures.mixed][which]
        for intervals in [s.labels.postures.map { ($0.start, $0.end) }, s.labels.activities.map { ($0.start, $0.end) },
                          s.labels.breathing.map { ($0.start, $0.end) }] {
            #expect(intervals.first?.0 == 0)
            #expect(abs((intervals.last?.1 ?? 0) - s.labels.durationSeconds) < 1e-9)
            for k in 1..<intervals.count { #expect(abs(intervals[k].0 - intervals[k - 1].1) < 1e-9) }
        }
        #expect(Set(s.labels.postures.map(\.state)).isSubset(of: ["upright", "slouched", "reclined", "leaning"]))
        #expect(Set(s.labels.activities.map(\.state)).isSubset(of: ["sitting", "standing", "walking", "lying"]))
    }

    @Test func slouchEpisodesHoldThePitchBeyondFifteenDegrees() {
        for s in [Fixtures.desk, Fixtures.mixed] {
            let episodes = s.labels.slouchEpisodes
            #expect(episodes.contains { $0.end - $0.start < 30 } && episodes.contains { $0.end - $0.start > 100 },
                    "short and long slouches: \(episodes.map { Int($0.end - $0.start) })")
            for e in episodes {
                let pitch = s.indices(from: e.start, to: e.end).map { s.truth[$0].pitchDegrees }
                #expect(abs(mean(pitch) - e.pitchDegrees) < 1.0)
                // Breathing and sway add about ±1°; hover levels sit just past 15°.
                #expect((pitch.min() ?? 0) > min(15, e.pitchDegrees - 2), "\(e)")
            }
            // Everything labelled upright stays well below the slouch angle outside brief distractors.
            for p in s.labels.postures where p.state == "upright" {
                for i in s.indices(from: p.start + 3, to: p.end - 3) {
                    let t = s.trace.records[i].sample.timeSeconds
                    if s.labels.distractors.contains(where: { t >= $0.start - 0.5 && t <= $0.end + 0.5 }) { continue }
                    // Sit-to-stand leans forward 20-40° for a moment; so do stretches.
                    if s.labels.activities.contains(where: { abs(t - $0.start) < 3 }) { continue }
                    if let m = s.labels.stretchMarkers.first, t >= m, t < m + 600 { continue }
                    #expect(abs(s.truth[i].pitchDegrees) < 10, "t=\(t) pitch \(s.truth[i].pitchDegrees)")
                }
            }
        }
    }

    @Test func distractorsAreBrief() {
        let s = Fixtures.desk
        let kinds = Set(s.labels.distractors.map(\.kind))
        #expect(kinds.isSuperset(of: ["reach", "cough", "turn", "fidget", "pickup"]))
        #expect(Set(s.labels.postures.map(\.state)) == ["upright", "slouched", "reclined", "leaning"])
        for d in s.labels.distractors where d.kind == "reach" {
            #expect(d.end - d.start < 5)
            let pitch = s.indices(from: d.start, to: d.end).map { s.truth[$0].pitchDegrees }
            #expect((pitch.max() ?? 0) > 18, "a reach leans forward 20-40°")
        }
    }

    @Test func holdsAreHeldStill() throws {
        let s = Fixtures.stretch
        #expect(s.labels.holds.count >= 9)
        #expect(Set(s.labels.holds.map(\.style)) == ["smooth", "bouncing", "jerky"])
        #expect(s.labels.holds.contains { $0.end - $0.start < 12 } && s.labels.holds.contains { $0.end - $0.start >= 20 })
        for h in s.labels.holds {
            for i in s.indices(from: h.start, to: h.end) {
                let t = s.trace.records[i].sample.timeSeconds
                if s.labels.bounces.contains(where: { t >= $0.start - 0.2 && t <= $0.end + 0.2 }) { continue }
                let truth = s.truth[i]
                // Deep breathing rocks the trunk by up to 2°, sway a little more.
                #expect(abs(truth.pitchDegrees - h.pitchDegrees) < 3, "\(h.stretch) t=\(t)")
                #expect(abs(truth.rollDegrees - h.rollDegrees) < 1.5, "\(h.stretch) t=\(t)")
                #expect(truth.gyroDegreesPerSecond.norm < 6, "\(h.stretch) t=\(t) \(truth.gyroDegreesPerSecond.norm)")
            }
        }
    }

    @Test func bounceLabelsMatchTheInjectedOscillation() throws {
        var found = 0
        for seed: UInt64 in [11, 12, 13] {
            let s = seed == 11 ? Fixtures.stretch : ScenarioSimulator.generate(.stretchBreak, seed: seed)
            for b in s.labels.bounces {
                let hold = try #require(s.labels.holds.first { $0.start <= b.start && $0.end >= b.end })
                #expect(hold.style == "bouncing")
                #expect(hold.bounces == Int(((b.end - b.start) * b.frequencyHz).rounded()))
                let idx = s.indices(from: b.start + 0.2, to: b.end - 0.2)
                // The bouncing angle: roll for side bends, yaw for twists, pitch otherwise.
                let angle: [Double] = idx.map {
                    let t = s.truth[$0]
                    if hold.stretch.hasPrefix("side-bend") { return t.rollDegrees - hold.rollDegrees }
                    if hold.stretch.hasPrefix("seated-twist") { return t.yawDegrees }
                    return t.pitchDegrees - hold.pitchDegrees
                }
                let m = mean(angle)
                var crossings = 0
                for k in 1..<angle.count where angle[k - 1] < m && angle[k] >= m { crossings += 1 }
                let f = Double(crossings) / ((b.end - b.start) - 0.4)
                #expect(abs(f - b.frequencyHz) < max(0.15 * b.frequencyHz, 1 / (b.end - b.start)), "\(f) vs \(b)")
                let amplitude = ((angle.max() ?? 0) - (angle.min() ?? 0)) / 2
                #expect(abs(amplitude - b.amplitudeDegrees) < 2.5, "\(amplitude) vs \(b)")
                #expect(b.frequencyHz >= 0.5 && b.frequencyHz <= 3 && b.amplitudeDegrees >= 3 && b.amplitudeDegrees <= 10)
                found += 1
            }
        }
        #expect(found >= 3)
    }

    @Test func jerksAreFastAndVisibleInTheGyro() {
        let s = Fixtures.stretch
        #expect(!s.labels.jerks.isEmpty && !s.labels.twists.isEmpty)
        for j in s.labels.jerks {
            #expect(j.peakDegreesPerSecond > 100 && j.peakDegreesPerSecond < 450, "\(j)")
            let idx = s.indices(from: j.t - 0.05, to: j.t + 0.05)
            let measured = idx.map { s.trace.records[$0].sample.gyroDegreesPerSecond.norm }.max() ?? 0
            // Bias (≤ 3 deg/s/axis), scale error (1 %) and noise.
            #expect(abs(measured - j.peakDegreesPerSecond) < 0.02 * j.peakDegreesPerSecond + 8, "\(measured) vs \(j)")
        }
        for t in s.labels.twists { #expect(s.labels.jerks.contains { $0.t == t }) }
        // Smooth holds are entered slowly: nothing near jerk speed outside jerks and twists.
        let fast = s.truth.indices.filter { s.truth[$0].gyroDegreesPerSecond.norm > 100 }
        for i in fast {
            let t = s.trace.records[i].sample.timeSeconds
            let nearJerk = s.labels.jerks.contains { abs($0.t - t) < 0.5 }
            let inBounce = s.labels.bounces.contains { t >= $0.start && t <= $0.end }
            let transfer = s.labels.activities.contains { abs($0.start - t) < 2 }
            #expect(nearJerk || inBounce || transfer, "fast motion at t=\(t) without a label")
        }
    }

    @Test func markersAndRepetitionsAreWhereTheLabelsSay() {
        let s = Fixtures.stretch
        let markerTimes = s.trace.records.filter { $0.marker == .stretch }.map(\.sample.timeSeconds)
        #expect(markerTimes == s.labels.stretchMarkers)
        let calibrations = s.trace.records.indices.filter { s.trace.records[$0].marker == .calibrate }
        #expect(calibrations.map { s.trace.records[$0].sample.timeSeconds } == s.labels.calibrations)
        for i in calibrations {
            // Upright and still around the calibration.
            for k in s.indices(from: s.trace.records[i].sample.timeSeconds - 1, to: s.trace.records[i].sample.timeSeconds + 1) {
                #expect(abs(s.truth[k].pitchDegrees) < 1.5 && s.truth[k].gyroDegreesPerSecond.norm < 3)
            }
        }
        let catCow = s.labels.repetitions.filter { $0.exercise == "cat-cow" }
        #expect(catCow.count >= 8 && catCow.count <= 12)
        for r in catCow {
            let i = s.indices(from: r.t - 0.02, to: r.t + 0.02)
            #expect(i.allSatisfy { s.truth[$0].pitchDegrees > 12 }, "cat peak at \(r.t)")
        }
        #expect(s.labels.breathing.contains { $0.ratePerMinute == 0 } || !s.labels.holds.isEmpty)
    }

    @Test func longSittingPassesTheNudgeTimeThenWalks() {
        let s = Fixtures.long.scenario
        let first = s.labels.activities.first
        #expect(first?.state == "sitting")
        #expect((first?.end ?? 0) - (first?.start ?? 0) > 1800)
        let walk = s.labels.activities.first { $0.state == "walking" }
        #expect(walk.map { $0.end - $0.start >= 60 && $0.end - $0.start <= 180 } == true)
        #expect(s.labels.activities.last?.state == "sitting")
    }
}

@Suite struct LabelFileTests {
    @Test func labelsRoundTripThroughJSON() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("posture-sim-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = ScenarioLabels.labelsPath(forTracePath: dir.appendingPathComponent("x.csv").path)
        #expect(path.hasSuffix("/x.labels.json"))
        #expect(ScenarioLabels.labelsPath(forTracePath: "trace") == "trace.labels.json")
        try Fixtures.stretch.labels.write(to: path)
        let loaded = try ScenarioLabels.load(path: path)
        #expect(loaded == Fixtures.stretch.labels)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.contains("\"bounces\" : ["))
    }

    @Test func badLabelFilesGiveClearErrors() throws {
        #expect(throws: ScenarioLabelsError.self) { try ScenarioLabels.load(path: "/nonexistent/x.labels.json") }
        do {
            _ = try ScenarioLabels.decode(Data("{\"scenario\": \"x\"}".utf8), path: "bad.labels.json")
            Issue.record("decoded an incomplete file")
        } catch {
            #expect(error.description.hasPrefix("bad.labels.json: missing key"), "\(error)")
        }
    }
}

@Suite struct PerformanceReport {
    /// Reports (does not assert) how long a 40-minute scenario takes to generate.
    @Test func generationSpeedOfALongScenario() {
        let s = Fixtures.long.scenario
        let clock = ContinuousClock()
        let textStart = clock.now
        let bytes = s.traceText().utf8.count
        print("simulate long-sitting: \(Int(s.labels.durationSeconds)) s of trace, \(s.trace.records.count) samples generated in \(Fixtures.long.seconds) s, formatted (\(bytes / 1_000_000) MB) in \(clock.now - textStart)")
        #expect(s.labels.durationSeconds > 2400)
    }
}
