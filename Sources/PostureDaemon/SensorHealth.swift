/// Sensor health as the service sees it.
public enum SensorHealth: Equatable, Sendable {
    case starting
    case ok
    /// Reads fail (unplugged, bus error); recovery attempts run with a backoff.
    case fault(detail: String, since: Double)
    /// Reads succeed but deliver no samples: the one failure the daemon cannot diagnose,
    /// so the watchdog pings stop and systemd restarts the service.
    case stalled(since: Double)

    public var name: String {
        switch self {
        case .starting: return "starting"
        case .ok: return "ok"
        case .fault: return "fault"
        case .stalled: return "stalled"
        }
    }
}

/// Follows the sensor's health from what each read brought: faults, empty reads, samples.
/// Pure: the service passes the monotonic time and acts on the transitions returned
/// (log lines, sd_notify status, events).
public struct SensorHealthTracker: Sendable {
    public private(set) var health = SensorHealth.starting
    /// Faults reported by the supervisor plus stalls, since start.
    public private(set) var faultCount = 0
    public private(set) var sampleCount = 0
    /// When samples last arrived (monotonic).
    public private(set) var lastSampleSeconds: Double?
    /// A stall is measured from here when no sample arrived yet (start, recovery).
    private var stallCheckFrom: Double
    private var readsWithoutEdge = 0
    /// Reads on the timer without a data-ready edge before the wiring is questioned.
    public static let readsWithoutEdgeBeforeWarning = 8

    public init(startSeconds: Double) {
        stallCheckFrom = startSeconds
    }

    /// A fault from the supervisor (counted). Returns true when it puts the sensor in the
    /// fault state: the sensor is lost (bus error, unplugged, none found) and was not already.
    public mutating func noteFault(losesSensor: Bool, detail: String, now: Double) -> Bool {
        faultCount += 1
        guard losesSensor else { return false }
        if case .fault = health { return false }
        health = .fault(detail: detail, since: now)
        return true
    }

    /// A read that brought no samples from a sensor that answers. Returns how long it has been
    /// silent when that makes it stalled now (counted as a fault), else nil.
    public mutating func noteEmptyRead(now: Double, stallTimeoutSeconds: Double) -> Double? {
        let silentFor = now - (lastSampleSeconds ?? stallCheckFrom)
        guard silentFor >= stallTimeoutSeconds, health == .ok || health == .starting else { return nil }
        health = .stalled(since: now)
        faultCount += 1
        return silentFor
    }

    /// Samples arrived. Returns how long the sensor was down when this ends a fault or a stall.
    public mutating func noteSamples(now: Double) -> Double? {
        switch health {
        case .fault(_, let since), .stalled(let since):
            health = .ok
            stallCheckFrom = now
            return now - since
        case .starting:
            health = .ok
            return nil
        case .ok:
            return nil
        }
    }

    /// After the batch was processed: counts it and remembers when it came.
    public mutating func delivered(_ count: Int, now: Double) {
        sampleCount += count
        lastSampleSeconds = now
    }

    /// One read at batch time with a data-ready line. Returns true once, when reads keep
    /// coming without an edge while the sensor is fine (the INT pin is probably not wired).
    /// A sensor in fault raises no edges either; that is reported as the fault, not as wiring.
    public mutating func noteDataReadyRead(edgeSeen: Bool) -> Bool {
        if edgeSeen || health != .ok {
            readsWithoutEdge = 0
            return false
        }
        readsWithoutEdge += 1
        return readsWithoutEdge == Self.readsWithoutEdgeBeforeWarning
    }

    /// What `posture status` says beside the state name.
    public func detail(now: Double) -> String? {
        switch health {
        case .fault(let d, let since): return "\(d) (for \(formatSeconds(now - since)) s)"
        case .stalled(let since): return "no samples for \(formatSeconds(now - since)) s"
        case .starting, .ok: return nil
        }
    }
}
