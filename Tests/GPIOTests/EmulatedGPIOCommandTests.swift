import Foundation
import Testing
import GPIO

/// `posture gpio` through the real libgpiod 1.6 binding, against the uAPI emulator: what reaches the
/// "kernel" (requests, flags, levels with their CLOCK_MONOTONIC times) and what the user reads.
@Suite("posture gpio on an emulated gpiochip (libgpiod 1.6 + uAPI v1 emulator)", .enabled(if: LibgpiodBuild.generation == 1, "the uAPI v1 emulator serves libgpiod 1.x only; this build uses libgpiod 2.x"))
struct EmulatedGPIOCommandTests {
    /// Late wake-ups on a loaded 2-core machine; a pulse is never expected early by more than this either,
    /// since each edge is timed from the pattern's start, not from the previous edge.
    static let toleranceSeconds = 0.08

    @Test func slouchPatternPlaysOnTheActiveLowMotorThenTheLEDAndEndsInactive() throws {
        var run = EmulatedGPIORun()
        run.configTOML = """
            [gpio]
            chip = "pinctrl-rp1,pinctrl-bcm2711,pinctrl-bcm2835"
            motor_line = 17
            motor_active_low = true
            led_line = 22
            [button]
            line = "none"
            [nudge]
            slouch_pattern = [200, 150, 200]
            """
        let result = try run.run(["--pattern", "slouch"])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(result.stdout.contains("using gpiochip0 [pinctrl-bcm2711], 58 lines"))
        #expect(result.stdout.contains("motor       17   \"GPIO17\", input active-high, free -> output active-low"))
        #expect(result.stdout.contains("button      not fitted (button.line = none)"))
        #expect(result.stdout.contains("motor (line 17): slouch [200, 150, 200] ms"))
        #expect(result.stdout.contains("led (line 22): slouch [200, 150, 200] ms"))
        #expect(result.stdout.hasSuffix("ok: 2 lines requested, used and released; outputs left inactive\n"))

        let motor = result.records(offset: 17)
        let request = try #require(motor.first)
        #expect(request.what == "request")
        #expect(request.fields["direction"] == "output")
        #expect(request.fields["flags"] == "active-low")
        #expect(request.fields["consumer"] == "posture-gpio-motor")
        #expect(request.level == 1 && request.isActive == false, "requested inactive: high on an active-low line")

        let motorSets = motor.filter { $0.what == "set" }
        #expect(motorSets.map(\.isActive) == [true, false, true, false])
        #expect(motorSets.map(\.level) == [0, 1, 0, 1])
        expectPulses(motorSets, milliseconds: [200, 150, 200])
        let motorRelease = try #require(motor.last)
        #expect(motorRelease.what == "release" && motorRelease.level == 1, "the motor must be left off")

        let led = result.records(offset: 22)
        #expect(led.first?.fields["flags"] == "none")
        let ledSets = led.filter { $0.what == "set" }
        #expect(ledSets.map(\.level) == [1, 0, 1, 0], "active-high: on = high")
        expectPulses(ledSets, milliseconds: [200, 150, 200])
        if let motorEnd = motorSets.last, let ledStart = ledSets.first {
            #expect(ledStart.timeSeconds - motorEnd.timeSeconds >= 0.6 - Self.toleranceSeconds,
                    "the outputs play one after the other, with a pause")
        }
        #expect(led.last?.what == "release" && led.last?.level == 0)
    }

    @Test func ctrlCDuringAPulseLeavesTheMotorOff() throws {
        var run = EmulatedGPIORun()
        run.configTOML = """
            [gpio]
            chip = "gpiochip0"
            motor_line = 17
            motor_active_low = true
            [button]
            line = "none"
            [nudge]
            sitting_pattern = [4000, 100, 4000]
            """
        run.interruptWhenLogContains = " 17 set level=0 active=1"
        let result = try run.run(["--pattern", "sitting"])
        #expect(result.status == 130, "128 + SIGINT, as a shell expects")
        #expect(result.stdout.contains("stopped"), "stdout: \(result.stdout) stderr: \(result.stderr)")
        let motor = result.records(offset: 17)
        #expect(motor.map(\.what) == ["request", "set", "set", "release"])
        #expect(motor.last?.level == 1, "inactive (high) after Ctrl-C")
        if motor.count == 4 {
            #expect(motor[2].timeSeconds - motor[1].timeSeconds < 4, "stopped at once, not after the 4 s pulse")
        }
    }

    private func expectPulses(_ sets: [EmulatorRecord], milliseconds: [Int],
                              sourceLocation: SourceLocation = #_sourceLocation) {
        guard sets.count == milliseconds.count + 1 else {
            Issue.record("expected \(milliseconds.count + 1) level changes, got \(sets.count)", sourceLocation: sourceLocation)
            return
        }
        for (index, expected) in milliseconds.enumerated() {
            let seconds = sets[index + 1].timeSeconds - sets[index].timeSeconds
            #expect(abs(seconds - Double(expected) / 1000) <= Self.toleranceSeconds,
                    "step \(index): \(seconds) s instead of \(expected) ms", sourceLocation: sourceLocation)
        }
    }

    @Test func longDoubleAndShortPressesAndDataReadyEdgesAreReported() throws {
        var run = EmulatedGPIORun()
        run.configTOML = """
            [sensor]
            data_ready = 4
            [gpio]
            chip = "gpiochip0"
            [button]
            line = 27
            active_low = true
            bias = "pull-up"
            long_press_ms = 1000
            double_press_ms = 300
            """
        // Electrical levels on a button to GND with a pull-up: pressed = falling.
        run.scriptLines = [
            "100 27 falling", "103 27 rising", "106 27 falling",     // held 1.2 s, with contact bounce
            "1300 27 rising", "1302 27 falling", "1305 27 rising",  // at both ends: one long press
            "1500 27 falling", "1600 27 rising",  // two short presses 0.1 s apart: double
            "1700 27 falling", "1800 27 rising",
            "2200 27 falling", "2300 27 rising",  // alone: short, once the double-press window has passed
        ]
        // The IMU's INT pin at 100 Hz for one second (5 ms pulses).
        for index in 0..<100 {
            run.scriptLines += ["\(100 + 10 * index) 4 rising", "\(105 + 10 * index) 4 falling"]
        }
        let result = try run.run(["--no-play", "--listen", "2.8"])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let gestures = result.stdout.split(separator: "\n").filter { $0.hasPrefix("button: ") && $0.contains(" press at ") }
        #expect(gestures.map { $0.split(separator: " ")[1] } == ["long", "double", "short"], "stdout: \(result.stdout)")
        #expect(result.stdout.contains("button: 3 gestures (1 short, 1 long, 1 double)"))

        let button = result.records(offset: 27)
        let request = try #require(button.first)
        #expect(request.fields["direction"] == "input")
        #expect(request.fields["flags"] == "active-low,pull-up")
        #expect(request.level == 1 && request.isActive == false)
        // The kernel reports logical edges: a press on an active-low line is rising.
        #expect(button.filter { $0.what == "edge" }.map(\.word) == Array(repeating: ["rising", "falling"], count: 6).flatMap { $0 })
        let perSecond = result.stdout.split(separator: "\n").filter { $0.hasSuffix(" edges/s") }
            .compactMap { Int($0.split(separator: " ")[1]) }
        #expect(perSecond.count == 2 && perSecond.reduce(0, +) == 100, "stdout: \(result.stdout)")
        #expect(result.stdout.contains("data-ready: 100 edges in "))
        #expect(result.records(offset: 4).first?.fields["flags"] == "none")
        // The motor (default line 17) was requested but not played.
        #expect(result.records(offset: 17).filter { $0.what == "set" }.isEmpty)
    }

    @Test func busyAndOutOfRangeLinesGiveTheDocumentedErrors() throws {
        var run = EmulatedGPIORun()
        run.configTOML = """
            [gpio]
            chip = "pinctrl-bcm2711"
            motor_line = 17
            [button]
            line = 27
            """
        run.held = "27=gpio-keys"
        let result = try run.run(["--no-play", "--line", "buzzer=99", "--line", "led=17"])
        #expect(result.status == 1)
        #expect(result.stdout.contains("button      27   \"GPIO27\", input active-high, in use by 'gpio-keys' -> not usable"))
        #expect(result.stdout.contains("buzzer      99   -> not usable"))
        #expect(result.stderr.contains(
            "posture: --line buzzer 99: gpiochip0 has no line 99 (EINVAL): offsets are 0...57 (58 lines)"))
        #expect(result.stderr.contains(
            "posture: button.line 27: gpiochip0 line 27 is busy (EBUSY): held by 'gpio-keys'; check with `gpioinfo gpiochip0`"))
        // The motor took 17 first; the LED on the same line names it and hints at a running daemon.
        #expect(result.stderr.contains("posture: --line led 17: gpiochip0 line 17 is busy (EBUSY): held by 'posture-gpio-motor'"))
        #expect(result.stderr.contains("stop it first (`systemctl stop posture`)"))
        #expect(result.stderr.contains("posture: 3 lines could not be used (see above)"))
        #expect(result.records(offset: 27).map(\.what) == ["refused"])
        #expect(result.records(offset: 27).first?.fields["consumer"] == "gpio-keys")
        #expect(result.records(offset: 17).first?.what == "request")
    }

    @Test func aKernelWithoutBiasSupportNamesTheWorkaround() throws {
        var run = EmulatedGPIORun()
        run.configTOML = "[gpio]\nchip = \"gpiochip0\"\nmotor_line = \"none\"\n[button]\nline = 27\nbias = \"pull-up\"\n"
        run.refuseBias = true
        let result = try run.run(["--no-play"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("posture: button.line 27: gpiochip0 line 27: bias pull-up refused (EINVAL)"))
        #expect(result.stderr.contains("use bias \"as-is\" with an external resistor"))
        #expect(result.records(offset: 27).isEmpty, "a refused request leaves no trace in the kernel")
    }

    @Test func permissionDeniedAndMissingChipsSayWhatToDo() throws {
        var run = EmulatedGPIORun()
        run.configTOML = "[gpio]\nchip = \"pinctrl-bcm2711\"\n"
        run.denyAccess = true
        let denied = try run.run(["--no-play"])
        #expect(denied.status == 1)
        #expect(denied.stdout.contains("gpiochip0 (cannot open: EACCES (Permission denied))"))
        #expect(denied.stderr.contains("posture: gpio.chip \"pinctrl-bcm2711\": looking for GPIO chip label 'pinctrl-bcm2711': "
            + "EACCES (Permission denied) on /dev/gpiochip0"))
        #expect(denied.stderr.contains("group 'gpio'") && denied.stderr.contains("60-posture.rules"))

        run.denyAccess = false
        run.chips = "pinctrl-bcm2711:58,4=pinctrl-rp1:54"
        let missing = try run.run(["--no-play", "--chip", "pinctrl-bcm2835"])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("posture: --chip \"pinctrl-bcm2835\": GPIO chip 'pinctrl-bcm2835' not found (ENOENT); "
            + "available: gpiochip0 [pinctrl-bcm2711] 58 lines; gpiochip4 [pinctrl-rp1] 54 lines"))

        // A Pi 5 on a kernel before 6.6.45: the header is gpiochip4, found by the default label list.
        let pi5 = try run.run(["--no-play", "--chip", "pinctrl-rp1,pinctrl-bcm2711"])
        #expect(pi5.status == 0, "stderr: \(pi5.stderr)")
        #expect(pi5.stdout.contains("using gpiochip4 [pinctrl-rp1], 54 lines"))
        #expect(pi5.records.allSatisfy { $0.chip == "gpiochip4" })
    }
}
