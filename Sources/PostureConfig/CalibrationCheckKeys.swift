import PosturePipeline

// [calibration] shift_*: sensor-shift / stale-reference detection (PosturePipeline.SensorShiftSettings).
extension PostureConfiguration {
    static var calibrationCheckKeys: [ConfigKeySpec] {
        let c = "calibration"
        return [
            .bool(c, "shift_detection", \.pipeline.calibration.shift.enabled,
                  doc: "Suggest a recalibration (recalibration_suggested, its own cue) when the sensor has probably\nshifted on the wearer or the reference no longer matches upright (walking, long still sitting)."),
            .bool(c, "shift_hold_slouch_alerts", \.pipeline.calibration.shift.holdSlouchAlerts,
                  doc: "While a recalibration is suggested (until the next calibration), hold slouch alerts back:\nagainst a wrong reference they are probably wrong."),
            .number(c, "shift_walk_segment_s", \.pipeline.calibration.shift.walkSegmentSeconds, range: 5...120,
                    doc: "Walking is judged in segments of this much continuous walking, in seconds."),
            .integer(c, "shift_walk_segments", \.pipeline.calibration.shift.walkSegmentsToConfirm, range: 1...20,
                     doc: "Walking segments in a row that must disagree before a suggestion."),
            .number(c, "shift_walk_min_bout_s", \.pipeline.calibration.shift.walkMinBoutSeconds, range: 0...600,
                    doc: "Only a walk lasting this long without a break is evidence, in seconds (typing or shifting\nweight at a standing desk can pass for walking for half a minute; a walk lasts longer)."),
            .number(c, "shift_walk_change_deg", \.pipeline.calibration.shift.walkChangeDegrees, range: 3...45,
                    doc: "A walking segment this far from the first walk after the calibration means the sensor moved,\nin degrees (walks differ by a few degrees)."),
            .number(c, "shift_walk_forward_deg", \.pipeline.calibration.shift.walkForwardDegrees, range: 5...60,
                    doc: "Walking leaning forward beyond this from the reference is no way to walk: the reference is off, in degrees."),
            .number(c, "shift_walk_back_deg", \.pipeline.calibration.shift.walkBackDegrees, range: 3...60,
                    doc: "Walking leaning back beyond this from the reference, in degrees."),
            .number(c, "shift_walk_side_deg", \.pipeline.calibration.shift.walkSideDegrees, range: 3...60,
                    doc: "Walking bent sideways beyond this from the reference, in degrees."),
            .integer(c, "shift_still_window_min", \.pipeline.calibration.shift.stillWindowMinutes, range: 5...240,
                     doc: "Still minutes in a row (sitting or standing), tilted by shift_still_offset_deg or more, that\nsuggest a recalibration (a human slouch rarely lasts this long without an upright minute)."),
            .integer(c, "shift_still_upright_min", \.pipeline.calibration.shift.stillUprightMinutes, range: 0...30,
                     doc: "Upright-looking minutes allowed in that window (after a shift back, a slouch looks upright);\nat most a quarter of the window counts."),
            .integer(c, "shift_matched_min", \.pipeline.calibration.shift.matchedMinutes, range: 1...60,
                     doc: "Upright-looking still minutes in a row that show the reference matched this wearing\n(a later mismatch is then sensor_shifted, else stale_reference)."),
            .number(c, "shift_still_offset_deg", \.pipeline.calibration.shift.stillOffsetDegrees, range: 3...45,
                    doc: "A still sitting minute whose mean is this far from the reference is not upright-looking, in degrees."),
            .number(c, "shift_repeat_min", \.pipeline.calibration.shift.repeatMinutes, range: 1...1440,
                    doc: "At most one recalibration suggestion per this many minutes (a calibration resets it)."),
        ]
    }
}
