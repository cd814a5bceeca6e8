import PostureControl
import PostureCore

// How the service writes numbers in log lines and reports.

func round1(_ x: Double) -> Double { (x * 10).rounded() / 10 }
func formatSeconds(_ x: Double) -> String { DecimalFormatting.string(x, fractionDigits: x < 10 ? 1 : 0) }
func formatRate(_ x: Double) -> String { DecimalFormatting.string(x, fractionDigits: x == x.rounded() ? 0 : 1) }
func formatDuration(_ x: Double) -> String { DurationText.format(x) }
func formatVector(_ v: Vector3) -> String {
    "[" + DecimalFormatting.string(v.x, fractionDigits: 3) + ", " + DecimalFormatting.string(v.y, fractionDigits: 3)
        + ", " + DecimalFormatting.string(v.z, fractionDigits: 3) + "]"
}
