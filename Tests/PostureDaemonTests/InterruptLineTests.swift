import GPIO
import MockIMU
import PostureCoaching
import PostureConfig
import PostureCore
import PostureDaemon
import Testing

/// The simulated chip's INT pin wired to the daemon's `sensor.data_ready` line on the mock GPIO chip.
final class InterruptWire {
    /// Rising edges on the wire, on the daemon's monotonic clock.
    private(set) var risingTimes: [Double] = []

    init(_ harness: DaemonHarness, line: Int) throws {
        let chip = try #require(harness.bus.chip(at: 0x68) ?? harness.bus.chip(at: 0x6A))
        let gpio = harness.gpio
        let origin = harness.origin   // bus time 0 is the daemon's start
        chip.onInterruptLevel = { [unowned self] t, high in
            if high { risingTimes.append(t + origin) }
            gpio.injectLevel(offset: line, high: high, atSeconds: t + origin)
        }
    }

    /// The last rising edge at or before `time`.
    func lastRise(atOrBefore time: Double) -> Double? { risingTimes.last { $0 <= time + 1e-9 } }
}

/// What the loop did: wake-ups, and each read that delivered samples.
struct LoopLog {
    var wakeUps = 0
    var reads: [(time: Double, samples: Int)] = []

    func reads(from start: Double, to end: Double) -> [(time: Double, samples: Int)] {
        reads.filter { $0.time >= start && $0.time < end }
    }
}

extension DaemonHarness {
    /// `run(until:)` the way `DaemonRunner.loop` runs with a data-ready line: once a batch is due
    /// it blocks in poll() on the line until an edge or the deadline. Blocking here is letting the
    /// simulated chip run in 1 ms steps (no transfers) until its INT rises. Every other wait
    /// lets the chip run up to the deadline, as a real chip does while the daemon sleeps.
    func runPollingInterrupt(until seconds: Double, wire: InterruptWire, log: inout LoopLog) {
        let end = origin + seconds
        while clock.monotonicSeconds < end {
            let deadline = min(max(service.nextDeadline(), clock.monotonicSeconds + 1e-6), end)
            if service.isWaitingForDataReady {
                let edges = wire.risingTimes.count
                while clock.monotonicSeconds < deadline && wire.risingTimes.count == edges {
                    clock.advance(to: min(clock.monotonicSeconds + 0.001, deadline))
                    bus.advanceChips()
                }
            } else {
                clock.advance(to: deadline)
                bus.advanceChips()
            }
            let before = service.sampleCount
            service.tick()
            log.wakeUps += 1
            if service.sampleCount > before { log.reads.append((clock.monotonicSeconds - origin, service.sampleCount - before)) }
        }
    }
}

@Suite("IMU interrupt line, end to end")
struct InterruptLineTests {
    static let line = 4

    static func daemon(chip: IMUChipChoice, faults: MockFaultPlan = MockFaultPlan(), seconds: Double)
        throws -> (DaemonHarness, InterruptWire)
    {
        var config = PostureConfiguration()
        config.daemon.sensor.dataReadyLine = line
        let h = try DaemonHarness(records: Motion.records([(seconds, 0)], markers: [(3, .calibrate)]), config: config,
                                  faults: faults, dataReadyLine: line, chip: chip)
        return (h, try InterruptWire(h, line: line))
    }

    /// Every read follows a rising edge on the line by at most `latency` (the wake-up, or the batch
    /// timer when the edge came first).
    static func readsFollowEdges(_ reads: [(time: Double, samples: Int)], wire: InterruptWire, origin: Double,
                                 latency: Double) -> Bool {
        reads.allSatisfy { read in
            guard let rise = wire.lastRise(atOrBefore: read.time + origin) else { return false }
            return read.time + origin - rise <= latency
        }
    }

    /// LSM6DSO: INT1 rises once per batch (the FIFO watermark); the daemon reads on it, four
    /// times a second, and never falls back to its timer.
    @Test(arguments: [IMUChipChoice.lsm6dso, .lsm6ds3])
    func stWatermarkWakesTheDaemonOncePerBatch(chip: IMUChipChoice) throws {
        let (h, wire) = try Self.daemon(chip: chip, seconds: 25)
        var log = LoopLog()
        h.runPollingInterrupt(until: 21, wire: wire, log: &log)
        let steady = log.reads(from: 1, to: 21)
        // 104 Hz, 0.25 s batches: watermark 26 samples, an edge every 0.25 s.
        #expect(steady.count >= 76 && steady.count <= 84, "\(steady.count) reads in 20 s")
        let full = steady.filter { $0.samples == 26 }.count
        #expect(full >= steady.count - 2, "batch sizes \(steady.map(\.samples))")
        #expect(Self.readsFollowEdges(steady, wire: wire, origin: h.origin, latency: 0.011))
        let edges = wire.risingTimes.filter { $0 >= h.origin + 1 && $0 < h.origin + 21 }
        #expect(edges.count >= 78 && edges.count <= 82)
        // Woken by the batch timer and the edge: a few times a second, not once per sample.
        #expect(log.wakeUps <= 21 * 10, "\(log.wakeUps) wake-ups in 21 s")
        #expect(h.service.sampleCount > 20 * 104 - 30)
        #expect(h.service.health == .ok)
        #expect(!h.sink.lines.contains { $0.contains("no edges") })
    }

    /// MPU-6050: INT pulses every sample; the daemon still reads once per batch, on queued edges.
    @Test func mpuDataReadyPulsesFeedTheBatchReads() throws {
        let (h, wire) = try Self.daemon(chip: .mpu6050, seconds: 25)
        var log = LoopLog()
        h.runPollingInterrupt(until: 21, wire: wire, log: &log)
        let steady = log.reads(from: 1, to: 21)
        #expect(steady.count >= 78 && steady.count <= 82, "\(steady.count) reads in 20 s")
        #expect(Self.readsFollowEdges(steady, wire: wire, origin: h.origin, latency: 0.011))
        let edges = wire.risingTimes.filter { $0 >= h.origin + 1 && $0 < h.origin + 21 }
        #expect(edges.count >= 1990 && edges.count <= 2010)
        #expect(log.wakeUps <= 21 * 10, "\(log.wakeUps) wake-ups in 21 s")
        #expect(h.service.health == .ok)
        #expect(!h.sink.lines.contains { $0.contains("no edges") })
    }

    /// Unplugged for 6 s: the chip goes quiet, the daemon reports the fault on its timer, and once
    /// the chip is back and re-configured the reads follow its edges again.
    @Test(arguments: [IMUChipChoice.lsm6dso, .mpu6050])
    func unpluggedChipStopsTheEdgesAndTheDaemonRecovers(chip: IMUChipChoice) throws {
        var faults = MockFaultPlan()
        faults.disconnectWindows = [10..<16]
        let (h, wire) = try Self.daemon(chip: chip, faults: faults, seconds: 45)
        var log = LoopLog()
        h.runPollingInterrupt(until: 12, wire: wire, log: &log)
        #expect(h.service.health.isFault)
        h.runPollingInterrupt(until: 40, wire: wire, log: &log)
        #expect(!wire.risingTimes.contains { $0 > h.origin + 10.01 && $0 < h.origin + 16 })
        let kinds = h.events.filter { $0.name == EventName.fault }.compactMap { $0["kind"]?.stringValue }
        #expect(kinds.contains("disconnected") && kinds.contains("reconnected"))
        let recovered = h.eventTimes("sensor_recovered")
        try #require(recovered.count == 1)
        #expect(recovered[0] >= 16 && recovered[0] < 25)
        #expect(h.service.health == .ok)
        let after = log.reads(from: recovered[0] + 2, to: 40)
        let seconds = 40 - (recovered[0] + 2)
        #expect(Double(after.count) >= 3.8 * seconds && Double(after.count) <= 4.2 * seconds + 1, "\(after.count) reads in \(seconds) s")
        #expect(Self.readsFollowEdges(after, wire: wire, origin: h.origin, latency: 0.011))
        #expect(!h.names().contains(EventName.slouchAlert))
        // The silence was the fault, not the wiring.
        #expect(!h.sink.lines.contains { $0.contains("no edges") })
    }
}
