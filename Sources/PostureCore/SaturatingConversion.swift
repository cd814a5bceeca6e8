/// Double-to-integer conversion that never traps: Swift's `Int(x)` traps on NaN, infinities
/// and values outside the type, and such values reach the code from traces and state files.
extension FixedWidthInteger {
    /// `value` rounded toward zero, clamped to `min...max`; NaN gives 0.
    @inlinable
    public init(saturating value: Double) {
        if value.isNaN { self = 0; return }
        // Double(Self.max) rounds up to 2^(bits-1) for 64-bit types, so `>=` is the safe test.
        if value >= Double(Self.max) { self = .max; return }
        if value <= Double(Self.min) { self = .min; return }
        self.init(value)
    }
}
