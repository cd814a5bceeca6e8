import Foundation
import Testing
import GPIO

/// `posture run` itself on an emulated chip: the daemon's GPIO set-up (DaemonRunner.realHardware) and
/// its button loop through the real libgpiod 1.6 binding. No IMU here: the sensor is missing and
/// retried, which does not stop the GPIO side.
@Suite("posture run on an emulated gpiochip", .enabled(if: LibgpiodBuild.generation == 1, "the uAPI v1 emulator serves libgpiod 1.x only; this build uses libgpiod 2.x"))
struct EmulatedDaemonTests {
    @Test func theDaemonRequestsItsLinesAndActsOnButtonGestures() throws {
        var run = EmulatedGPIORun()
        run.subcommand = "run"
        run.configTOML = """
            [gpio]
            chip = "pinctrl-rp1,pinctrl-bcm2711"
            motor_line = 17
            motor_active_low = true
            [button]
            line = 27
            long_press_ms = 1000
            double_press_ms = 300
            [control]
            socket = "$DIR/control.sock"
            [state]
            directory = "$DIR"
            """
        run.scriptLines = ["300 27 falling", "400 27 rising",   // short press: snooze (no alert to acknowledge)
                           "900 27 falling", "2100 27 rising"]  // 1.2 s: long press, calibrate
        let result = try run.run(["--stop-after", "2.6"])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(result.stderr.contains("button: short press -> ack_or_snooze"), "stderr: \(result.stderr)")
        #expect(result.stderr.contains("snoozed for 30m"))
        #expect(result.stderr.contains("button: long press -> calibrate"))

        let motor = result.records(offset: 17)
        #expect(motor.first?.what == "request" && motor.first?.fields["flags"] == "active-low")
        #expect(motor.first?.fields["consumer"] == "posture-motor")
        #expect(motor.last?.what == "release" && motor.last?.level == 1, "the motor is left off when the daemon stops")
        let button = result.records(offset: 27)
        #expect(button.first?.fields["flags"] == "active-low,pull-up" && button.first?.fields["consumer"] == "posture-button")
        #expect(button.last?.what == "release")
    }
}
