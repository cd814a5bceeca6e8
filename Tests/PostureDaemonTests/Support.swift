import Foundation
import GPIO
import I2C
import IMUDrivers
import Logging
import MockGPIO
import MockIMU
import PostureConfig
import PostureCore
import PostureDaemon
import SystemSupport
#if canImport(Glibc)
import Glibc
#endif

/// Synthetic wearer motion: segments of constant forward pitch (degrees), ramped over 2 s,
/// with markers at given times. Upright is +z up; slouching tips +x (forward) down.
enum Motion {
    static func records(_ segments: [(seconds: Double, pitchDegrees: Double)], rateHz: Double = 100,
                        markers: [(Double, UserAction)] = []) -> [(sample: IMUSample, marker: UserAction?)] {
        var out: [(sample: IMUSample, marker: UserAction?)] = []
        var t = 0.0
        var pitch = segments.first?.pitchDegrees ?? 0
        let dt = 1 / rateHz
        var pending = markers.sorted { $0.0 < $1.0 }
        for segment in segments {
            let start = pitch
            let end = t + segment.seconds
            let segStart = t
            while t < end - 1e-9 {
                let ramp = min(1, (t - segStart) / 2)
                pitch = start + (segment.pitchDegrees - start) * ramp
                let r = pitch * Double.pi / 180
                var marker: UserAction?
                if let first = pending.first, first.0 <= t + 1e-9 {
                    marker = first.1
                    pending.removeFirst()
                }
                out.append((IMUSample(timeSeconds: t, accelG: Vector3(-sin(r), 0, cos(r)),
                                      gyroDegreesPerSecond: .zero), marker))
                t += dt
            }
            pitch = segment.pitchDegrees
        }
        return out
    }
}

/// Records sd_notify messages in memory.
final class RecordingNotifier: ServiceNotifier {
    var messages: [String] = []
    func notify(_ message: String) { messages.append(message) }
}

/// Collects formatted log lines.
final class CapturingSink: LogSink, @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [String] = []
    var lines: [String] { lock.withLock { storage } }
    func write(_ line: String) { lock.withLock { storage.append(line) } }
}

func temporaryDirectory(_ name: String = #function) -> String {
    let base = NSTemporaryDirectory() + "posture-daemon-tests-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    try? FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true)
    return base
}

/// The daemon in-process: mock bus with a simulated chip (MPU-6050 unless told) fed by `records`,
/// a mock GPIO chip, and a manual clock advanced from deadline to deadline (no sleeping).
final class DaemonHarness {
    let clock: ManualClock
    let gpio: MockGPIOChip
    let bus: MockI2CBus
    let service: PostureService
    let notifier: ServiceNotifier
    let sink = CapturingSink()
    var events: [PostureEvent] = []
    let config: PostureConfiguration
    static let motorLine = 18
    static let buttonLine = 17

    init(records: [(sample: IMUSample, marker: UserAction?)], config: PostureConfiguration = PostureConfiguration(),
         faults: MockFaultPlan = MockFaultPlan(), stateDirectory: String? = nil,
         notifier: ServiceNotifier = RecordingNotifier(), watchdogIntervalSeconds: Double? = nil,
         clock: ManualClock = ManualClock(monotonicSeconds: 1000), dataReadyLine: Int? = nil, chip: IMUChipChoice = .mpu6050) throws {
        self.clock = clock
        self.config = config
        self.notifier = notifier
        let (sensor, bus, markers) = try SensorFactory.mock(records: records, chip: chip, loop: false,
                                                              settings: IMUSettings(config.daemon.sensor), clock: clock, faults: faults)
        self.bus = bus
        let c = clock
        gpio = MockGPIOChip(clock: { c.monotonicSeconds })
        let motor = try gpio.requestOutput(offset: Self.motorLine, activeLow: false, consumer: "test-motor")
        let button = try gpio.requestInput(offset: Self.buttonLine, activeLow: true, bias: .pullUp, consumer: "test-button")
        var hardware = DaemonHardware(sensor: sensor, sensorDescription: "mock \(chip.rawValue)", motor: motor, button: button,
                                      actionSource: markers, isMock: true)
        if let dataReadyLine {
            hardware.dataReady = try gpio.requestInput(offset: dataReadyLine, activeLow: false, bias: .asIs, edges: .rising,
                                                       consumer: "test-int")
        }
        let sink = self.sink
        let logger = Logger(label: "test") { label in
            StderrLogHandler(label: label, level: .debug, style: .journal, sink: sink)
        }
        var history: HistoryStore?
        var state: StateStore?
        if let dir = stateDirectory {
            state = StateStore(directory: dir)
            history = try HistoryStore(path: dir + "/history.sqlite")
        }
        service = PostureService(config: config, hardware: hardware, clock: clock, calendar: LocalCalendar(utcOffsetSeconds: 0),
                                 logger: logger, notifier: notifier, watchdogIntervalSeconds: watchdogIntervalSeconds,
                                 stateStore: state, history: history)
        service.eventObserver = { [unowned self] in self.events.append($0) }
        service.start()
    }

    /// Seconds since the harness started, on the monotonic clock.
    var origin: Double { bus.clock.nowSeconds() == 0 ? clock.monotonicSeconds : clock.monotonicSeconds - bus.clock.nowSeconds() }

    /// Runs the loop until `seconds` after the start (trace time).
    func run(until seconds: Double) {
        let end = origin + seconds
        while clock.monotonicSeconds < end {
            let next = min(max(service.nextDeadline(), clock.monotonicSeconds + 1e-6), end)
            clock.advance(to: next)
            service.tick()
        }
    }

    /// Motor switch-on times, in trace seconds.
    var motorOnTimes: [Double] {
        gpio.transitions(offset: Self.motorLine).filter(\.active).map { $0.timeSeconds - origin }
    }

    /// Motor level changes as (trace seconds, active).
    var motorTransitions: [(Double, Bool)] {
        gpio.transitions(offset: Self.motorLine).map { ($0.timeSeconds - origin, $0.active) }
    }

    /// Event times in trace seconds (events carry wall time).
    func eventTimes(_ name: String) -> [Double] {
        let wallOffset = clock.wallSeconds - clock.monotonicSeconds
        return events.filter { $0.name == name }.map { $0.timeSeconds - wallOffset - origin }
    }

    func names() -> [String] { events.map(\.name) }
}
