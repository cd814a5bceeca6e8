import Testing
@testable import GPIO
#if canImport(Glibc)
import Glibc
#endif

@Suite("GPIO chip specs and opening")
struct GPIOChipOpeningTests {
    @Test func specsAreParsedByShape() throws {
        #expect(try GPIOChipSpec(parsing: "/dev/gpiochip4") == .path("/dev/gpiochip4"))
        #expect(try GPIOChipSpec(parsing: "gpiochip0") == .name("gpiochip0"))
        #expect(try GPIOChipSpec(parsing: " 4 ") == .number(4))
        #expect(try GPIOChipSpec(parsing: "pinctrl-rp1") == .label("pinctrl-rp1"))
        #expect(try GPIOChipSpec(parsing: "gpiochipX") == .label("gpiochipX"))
        #expect(try GPIOChipSpec.alternatives(GPIOChipSpec.raspberryPiHeader) == [
            .label("pinctrl-rp1"), .label("pinctrl-bcm2711"), .label("pinctrl-bcm2835"),
        ])
        #expect(GPIOChipSpec.number(4).devicePath == "/dev/gpiochip4")
        #expect(GPIOChipSpec.name("gpiochip1").devicePath == "/dev/gpiochip1")
        #expect(GPIOChipSpec.label("pinctrl-rp1").devicePath == nil)
    }

    @Test func emptySpecsAreRejected() {
        #expect(throws: GPIOError.invalidChipSpec("")) { _ = try GPIOChipSpec.alternatives("") }
        #expect(throws: GPIOError.invalidChipSpec(" ")) { _ = try GPIOChipSpec.alternatives("pinctrl-rp1, ") }
    }

    @Test func missingChipListsTheAvailableChips() throws {
        let present = listGPIOChips()
        for spec in ["pinctrl-posture-test-missing", "/dev/gpiochip987", "gpiochip986", "985",
                     "pinctrl-none-a,pinctrl-none-b"] {
            do {
                _ = try openGPIOChip(spec)
                Issue.record("opening '\(spec)' should fail")
            } catch {
                guard case .chipNotFound(let reported, let available) = error else {
                    // Only a permission problem on a present chip may replace "not found".
                    guard case .permissionDenied = error else { Issue.record("unexpected \(error)"); continue }
                    continue
                }
                #expect(reported == spec)
                #expect(available == present)
                #expect(error.errno == ENOENT)
                #expect(error.description.contains("GPIO chip '\(spec)' not found"))
                #expect(error.description.contains(present.isEmpty ? "no GPIO chips in /dev" : "available: "))
            }
        }
    }

    @Test func aDeviceThatIsNoGPIOChipIsRefused() {
        do {
            _ = try openGPIOChip("/dev/null")
            Issue.record("/dev/null opened as a GPIO chip")
        } catch {
            guard case .system(let operation, let code) = error else { Issue.record("unexpected \(error)"); return }
            #expect(operation.contains("/dev/null"))
            #expect(code == ENOTTY || code == ENODEV, "\(error)")
            #expect(error.description.contains("not a GPIO character device"))
        }
    }

    @Test func chipDevicesAreListedInNumericOrder() throws {
        var template = Array("/tmp/posture-gpio-XXXXXX".utf8CString)
        let created: String? = template.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress, let path = mkdtemp(base) else { return nil }
            return String(cString: path)
        }
        let directory = try #require(created)
        defer {
            for name in ["gpiochip10", "gpiochip2", "gpiochipX", "i2c-1"] { unlink(directory + "/" + name) }
            rmdir(directory)
        }
        for name in ["gpiochip10", "gpiochip2", "gpiochipX", "i2c-1"] {
            let fd = open(directory + "/" + name, O_CREAT | O_WRONLY, 0o600)
            #expect(fd >= 0)
            close(fd)
        }
        #expect(gpioChipDeviceNames(in: directory) == ["gpiochip2", "gpiochip10"])
        #expect(gpioChipDeviceNames(in: directory + "/missing").isEmpty)
    }

    @Test func errorsNameTheFixToApply() {
        let busy = GPIOError.lineBusy(chip: "gpiochip0", offset: 17, consumer: "gpioset")
        #expect(busy.description.contains("'gpioset'"))
        #expect(busy.errno == EBUSY)
        let denied = GPIOError.permissionDenied(path: "/dev/gpiochip0", operation: "opening GPIO chip /dev/gpiochip0",
                                                errno: EACCES)
        #expect(denied.description.contains("EACCES"))
        #expect(denied.description.contains("group 'gpio'"))
        let range = GPIOError.offsetOutOfRange(chip: "gpiochip4", offset: 60, lineCount: 54)
        #expect(range.description.contains("0...53"))
        #expect(range.errno == EINVAL)
        let info = GPIOChipInfo(name: "gpiochip4", path: "/dev/gpiochip4", label: "pinctrl-rp1", lineCount: 54)
        #expect(info.description == "gpiochip4 [pinctrl-rp1] 54 lines")
    }
}
