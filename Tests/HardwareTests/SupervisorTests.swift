import I2C
import IMUDrivers
import MockIMU
import PostureCore
import SystemSupport
import Testing

/// A supervisor over a mock bus, polled every 50 ms of simulated time.
struct SupervisedRig {
    let clock = ManualClock(startSeconds: 0)
    let bus: MockI2CBus
    let supervisor: SensorSupervisor
    static let accel = Vector3(0.1, 0.2, 0.97)
    static let gyro = Vector3(1, -2, 3)

    init(_ kind: ChipKind, faults: MockFaultPlan = MockFaultPlan(), attach: Bool = true, fifo: Bool = true) {
        bus = MockI2CBus(clock: clock)
        if attach {
            bus.attach(kind.make(motion: ConstantMotion(accel: Self.accel, gyro: Self.gyro), noise: true), at: kind.defaultAddress, faults: faults)
        }
        supervisor = SensorSupervisor(bus: bus, settings: settings(fifo: fifo), clock: clock, sleeper: clock)
    }

    func run(until end: Double, pollSeconds: Double = 0.05) -> (samples: [IMUSample], faults: [SensorFault]) {
        var samples: [IMUSample] = []
        var faults: [SensorFault] = []
        while clock.now < end {
            supervisor.poll(into: &samples, faults: &faults)
            clock.advance(by: pollSeconds)
        }
        return (samples, faults)
    }
}

func kinds(_ faults: [SensorFault]) -> [SensorFault.Kind] { faults.map(\.kind) }

@Suite struct SupervisorTests {
    @Test(arguments: ChipKind.allCases)
    func cleanRunHasNoFaults(kind: ChipKind) {
        let rig = SupervisedRig(kind)
        let (samples, faults) = rig.run(until: 5)
        #expect(faults.isEmpty, "\(faults)")
        #expect(samples.count > 480)
        #expect(isNonDecreasing(samples))
    }

    @Test(arguments: ChipKind.allCases, [Int32(121), 6])
    func disconnectIsReportedAndReprobedThenDataResumes(kind: ChipKind, errnoValue: Int32) {
        var plan = MockFaultPlan()
        plan.disconnectWindows = [2..<5]
        plan.disconnectErrno = errnoValue
        let rig = SupervisedRig(kind, faults: plan)
        let (samples, faults) = rig.run(until: 10)
        let k = kinds(faults)
        #expect(k.first == .busError)
        #expect(k.contains(.disconnected))
        #expect(k.last == .reconnected)
        #expect(faults.first.map { $0.detail.contains("no acknowledge") && $0.detail.contains("errno \(errnoValue)") } == true)
        let reconnectTime = faults.last?.timeSeconds ?? 99
        #expect(reconnectTime >= 5 && reconnectTime < 5 + 8.1)
        // Samples before the unplug and after the reconnect, none from inside the window.
        #expect(samples.contains { $0.timeSeconds < 2 })
        let after = samples.filter { $0.timeSeconds > reconnectTime }
        #expect(Double(after.count) > (10 - reconnectTime - 0.2) * 95)
        #expect(!samples.contains { $0.timeSeconds > 2.1 && $0.timeSeconds < 5 })
        #expect(after.allSatisfy { close($0.accelG, SupervisedRig.accel, tolerance: 0.02) })
        #expect(isNonDecreasing(samples))
    }

    @Test(arguments: ChipKind.allCases)
    func occasionalNoAcknowledgeIsRetriedInvisibly(kind: ChipKind) {
        var plan = MockFaultPlan()
        plan.noAcknowledgeProbability = 0.05
        plan.seed = 42
        let rig = SupervisedRig(kind, faults: plan)
        let (samples, faults) = rig.run(until: 20)
        #expect(!kinds(faults).contains(.disconnected))
        #expect(samples.count > 1950)
        #expect(rig.bus.failedTransferCount > 0)
        #expect(rig.clock.sleptSeconds > 0)   // backed off between retries
    }

    /// Half the transfers refused: the chip never configures. The supervisor says so once (no
    /// flood of faults, no made-up samples) and keeps probing at its backoff pace.
    @Test(arguments: ChipKind.allCases)
    func frequentNoAcknowledgeIsReportedOnceAndReprobed(kind: ChipKind) {
        var plan = MockFaultPlan()
        plan.noAcknowledgeProbability = 0.5
        plan.seed = 3
        let rig = SupervisedRig(kind, faults: plan)
        let (early, earlyFaults) = rig.run(until: 10)
        let failedAtTen = rig.bus.failedTransferCount
        let (late, lateFaults) = rig.run(until: 20)
        #expect(early.isEmpty && late.isEmpty)
        #expect(kinds(earlyFaults) == [.noSensor])
        #expect(lateFaults.isEmpty, "reported once: \(kinds(lateFaults))")
        #expect(failedAtTen > 0)
        #expect(rig.bus.failedTransferCount > failedAtTen, "still probing after 10 s")
        #expect(rig.clock.sleptSeconds > 0)   // backed off between retries
    }

    @Test(arguments: [ChipKind.mpu6050, .mpu9250, .lsm6ds3, .lsm6dsl])
    func brokenTransfersAreRealignedAndReported(kind: ChipKind) {
        var plan = MockFaultPlan()
        plan.partialReadProbability = 0.05
        plan.seed = 11
        let rig = SupervisedRig(kind, faults: plan)
        let (samples, faults) = rig.run(until: 20)
        #expect(kinds(faults).contains(.samplesDropped))
        #expect(!kinds(faults).contains(.disconnected))
        #expect(samples.count > 1700)
        #expect(samples.allSatisfy { close($0.accelG, SupervisedRig.accel, tolerance: 0.02) && close($0.gyroDegreesPerSecond, SupervisedRig.gyro, tolerance: 0.5) })
    }

    @Test(arguments: ChipKind.allCases)
    func stuckDataIsDetectedAndTheChipReinitialised(kind: ChipKind) {
        var plan = MockFaultPlan()
        plan.stuckWindows = [2..<4]
        let rig = SupervisedRig(kind, faults: plan)
        let (samples, faults) = rig.run(until: 8)
        let k = kinds(faults)
        #expect(k.contains(.stuckData))
        #expect(k.contains(.reinitialised))
        #expect(!k.contains(.disconnected))
        #expect(samples.filter { $0.timeSeconds > 4.5 }.count > 300)
    }

    @Test(arguments: ChipKind.allCases, [true, false])
    func spontaneousResetIsDetectedAndRecovered(kind: ChipKind, fifo: Bool) {
        var plan = MockFaultPlan()
        plan.chipResetTimes = [3]
        let rig = SupervisedRig(kind, faults: plan, fifo: fifo)
        let (samples, faults) = rig.run(until: 8, pollSeconds: fifo ? 0.05 : 0.004)
        let k = kinds(faults)
        #expect(k == [.chipReset, .reinitialised], "\(faults)")
        let resetSeen = faults.first?.timeSeconds ?? 99
        #expect(resetSeen > 3 && resetSeen < 3 + 1.2)
        #expect(samples.filter { $0.timeSeconds > resetSeen }.count > 350)
    }

    @Test(arguments: ChipKind.allCases)
    func frozenIdenticalSamplesAreNoticed(kind: ChipKind) {
        // Noise-free motion repeats bit for bit: after the limit that reads as stuck data.
        let clock = ManualClock()
        let bus = MockI2CBus(clock: clock)
        bus.attach(kind.make(motion: ConstantMotion(accel: Vector3(0, 0, 1), gyro: .zero), noise: false), at: kind.defaultAddress)
        let supervisor = SensorSupervisor(settings: settings(), clock: clock, sleeper: clock) {
            try IMUProbe().openSensor(bus: bus, clock: clock, sleeper: clock)
        }
        var samples: [IMUSample] = []
        var faults: [SensorFault] = []
        for _ in 0..<20 {
            supervisor.poll(into: &samples, faults: &faults)
            clock.advance(by: 0.05)
        }
        #expect(kinds(faults).prefix(2) == [.stuckData, .reinitialised])
    }

    @Test(arguments: ChipKind.allCases)
    func saturationIsReportedOncePerInterval(kind: ChipKind) {
        var plan = MockFaultPlan()
        plan.saturationWindows = [1..<4]
        let rig = SupervisedRig(kind, faults: plan)
        let (_, faults) = rig.run(until: 6)
        #expect(kinds(faults) == [.saturated])
    }

    @Test(arguments: ChipKind.allCases)
    func overflowBecomesAFaultAndReadingGoesOn(kind: ChipKind) {
        let rig = SupervisedRig(kind)
        var samples: [IMUSample] = []
        var faults: [SensorFault] = []
        rig.supervisor.poll(into: &samples, faults: &faults)
        rig.clock.advance(by: 30)   // the daemon was stalled
        rig.supervisor.poll(into: &samples, faults: &faults)
        #expect(kinds(faults) == [.fifoOverflow])
        #expect(faults.first?.detail.contains("samples lost") == true)
        let event = faults[0].event(atSeconds: 1_700_000_000.25)
        #expect(event.jsonLine().hasPrefix("{\"t\":1700000000.250,\"event\":\"fault\",\"kind\":\"fifo_overflow\",\"detail\":\"FIFO overflowed"))
        for _ in 0..<20 {
            rig.clock.advance(by: 0.05)
            rig.supervisor.poll(into: &samples, faults: &faults)
        }
        #expect(samples.count > 90)
        #expect(faults.count == 1)
    }

    @Test func slowBurstPollingIsReportedOncePerInterval() {
        let rig = SupervisedRig(.lsm6dso, fifo: false)
        let (samples, faults) = rig.run(until: 25, pollSeconds: 0.05)
        #expect(samples.count > 450)
        #expect(kinds(faults) == [.samplesDropped, .samplesDropped, .samplesDropped])
        // Ten seconds' worth added up: 104 Hz read 20 times a second loses about 840.
        let counted = Int(faults[1].detail.split(separator: " ")[1]) ?? 0
        #expect(counted > 750 && counted < 900)
    }

    @Test func missingSensorAtStartIsReportedOnceThenPickedUp() {
        let rig = SupervisedRig(.mpu6050, attach: false)
        var samples: [IMUSample] = []
        var faults: [SensorFault] = []
        for _ in 0..<100 {
            rig.supervisor.poll(into: &samples, faults: &faults)
            rig.clock.advance(by: 0.05)
        }
        #expect(kinds(faults) == [.noSensor])
        #expect(faults.first?.detail.contains("no supported IMU found") == true)
        #expect(rig.clock.sleptSeconds == 0)   // re-probing waits by the clock, never blocks
        rig.bus.attach(ChipKind.mpu6050.make(motion: ConstantMotion(accel: SupervisedRig.accel, gyro: SupervisedRig.gyro), noise: true), at: 0x68)
        for _ in 0..<300 {
            rig.supervisor.poll(into: &samples, faults: &faults)
            rig.clock.advance(by: 0.05)
        }
        #expect(rig.supervisor.isConnected)
        #expect(samples.count > 500)
        #expect(kinds(faults) == [.noSensor])   // a first connection is not a "reconnect"
    }

    @Test func connectThrowsTheReasonForAStartupMessage() {
        let rig = SupervisedRig(.mpu6050, attach: false)
        #expect(throws: IMUError.self) { try rig.supervisor.connect() }
    }
}
