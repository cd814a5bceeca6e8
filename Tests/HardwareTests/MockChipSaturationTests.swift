import Testing
@testable import MockIMU

/// The register-level mock saturates like a 16-bit register, whatever a trace feeds it.
@Suite struct MockChipSaturationTests {
    @Test func countsSaturateAndNaNReadsAsZero() {
        #expect(MockIMUChip.counts(.nan) == 0)  // Int16(NaN) trapped (issue 14)
        #expect(MockIMUChip.counts(.infinity) == .max)
        #expect(MockIMUChip.counts(-.infinity) == .min)
        #expect(MockIMUChip.counts(1e30) == .max)
        #expect(MockIMUChip.counts(-40000) == .min)
        #expect(MockIMUChip.counts(1234.4) == 1234)
    }
}
