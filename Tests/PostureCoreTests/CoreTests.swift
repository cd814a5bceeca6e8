import Testing
@testable import PostureCore

@Suite struct DecimalFormattingTests {
    @Test func roundsHalfAwayFromZero() {
        #expect(DecimalFormatting.string(1.2345, fractionDigits: 3) == "1.235")
        #expect(DecimalFormatting.string(-1.2345, fractionDigits: 3) == "-1.235")
        #expect(DecimalFormatting.string(0.0005, fractionDigits: 3) == "0.001")
        #expect(DecimalFormatting.string(-0.0004, fractionDigits: 3) == "0.000")
        #expect(DecimalFormatting.string(12, fractionDigits: 0) == "12")
        #expect(DecimalFormatting.string(3.05, fractionDigits: 4) == "3.0500")
        #expect(DecimalFormatting.string(.nan, fractionDigits: 2) == "nan")
    }
}

@Suite struct EventTests {
    @Test func jsonLineKeepsFieldOrderAndEscapes() {
        let e = PostureEvent.fault(at: 12.3456, kind: "bus", detail: "no ack \"0x68\"\n")
        #expect(e.jsonLine() == #"{"t":12.346,"event":"fault","kind":"bus","detail":"no ack \"0x68\"\n"}"#)
        let c = PostureEvent.calibrated(at: 1, up: Vector3(0, 0.5, -1))
        #expect(c.jsonLine() == #"{"t":1.000,"event":"calibrated","up":[0.0000,0.5000,-1.0000]}"#)
    }
}

@Suite struct SignedAxisTests {
    @Test func parsesAllSixAxes() {
        #expect(SignedAxis("+x")?.unitVector == Vector3(1, 0, 0))
        #expect(SignedAxis("-z")?.unitVector == Vector3(0, 0, -1))
        #expect(SignedAxis(" -Y ")?.unitVector == Vector3(0, -1, 0))
        #expect(SignedAxis("x") == nil)
        #expect(SignedAxis("+w") == nil)
    }

    @Test func angleBetweenVectors() {
        #expect(abs(Vector3.unitX.angleDegrees(to: .unitY) - 90) < 1e-9)
        #expect(abs(Vector3.unitZ.angleDegrees(to: Vector3(0, 1, 1)) - 45) < 1e-9)
    }
}
