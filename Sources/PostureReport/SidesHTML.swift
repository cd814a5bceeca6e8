import PostureCoaching
import PostureControl

/// "Left and right": per one-sided exercise, the held time per side on each day of the week
/// (a small SVG chart) and a line comparing the sides over the days shown. Every figure
/// carries its machine value (`data-*`), as the totals do.
enum SidesHTML {
    static let leftColour = "#1e88e5"
    static let rightColour = "#fb8c00"

    static func section(_ page: ReportPage) -> String {
        let chartDays = page.trend.isEmpty ? page.days : page.trend
        let week = SideTotals.combine(chartDays.map { $0.counters?.sides ?? [] })
        guard !week.isEmpty else { return "" }
        let shown = SideTotals.combine(page.days.map { $0.counters?.sides ?? [] })
        let single = page.days.count == 1
        var html = "<section><h2>Left and right</h2>\n<div class=\"trends\">"
        for t in week {
            html += "<div>" + chart(t.exercise, days: chartDays)
            if single, let day = page.days.first {
                let today = shown.first { $0.exercise == t.exercise } ?? SideTotals(exercise: t.exercise)
                html += line(today, span: day.day)
            }
            if !(single && chartDays.count == 1) { html += line(t, span: chartDays.count == 1 ? chartDays[0].day : "\(chartDays.count) days") }
            html += "</div>"
        }
        html += "</div>"
        if !page.sessionSides.isEmpty {
            html += "<h3>Each stretch session</h3>\n"
            for s in page.sessionSides { html += line(s.totals, span: "session ending " + s.when, kind: "session") }
        }
        return html + "</section>\n"
    }

    /// "knee to chest, 2026-11-24: left 85 s / right 60 s: right side 29 % short; angle ...".
    static func line(_ t: SideTotals, span: String, kind: String = "span") -> String {
        let weaker = SideTotals.weakerSide(t.leftSeconds, t.rightSeconds) ?? "none"
        let attributes = [("exercise", t.exercise), ("span", span), ("left-holds", "\(t.leftHolds)"), ("right-holds", "\(t.rightHolds)"),
                          ("left-s", ReportHTML.plain(t.leftSeconds)), ("right-s", ReportHTML.plain(t.rightSeconds)),
                          ("left-deg", ReportHTML.plain(t.leftDegrees)), ("right-deg", ReportHTML.plain(t.rightDegrees)),
                          ("short-side", weaker), ("short-pct", "\(SideTotals.shortfallPercent(t.leftSeconds, t.rightSeconds))")]
        let data = attributes.map { " data-\($0.0)=\"\(HTMLText.escape($0.1))\"" }.joined()
        let text = "\(name(t.exercise)), \(span): \(t.secondsText); \(t.degreesText)"
        return "<p class=\"sides \(kind)\"\(data)>\(HTMLText.escape(text))</p>"
    }

    static func name(_ exercise: String) -> String { exercise.replacingOccurrences(of: "_", with: " ") }

    /// Two bars a day (left, right) of the seconds held; a side not held that day has no bar.
    static func chart(_ exercise: String, days: [ReportDay], width: Double = 300, height: Double = 170) -> String {
        let top = 34.0, bottom = 24.0, left = 8.0, right = 8.0
        let plotHeight = height - top - bottom
        let perDay = days.map { d in d.counters?.sides.first { $0.exercise == exercise } ?? SideTotals(exercise: exercise) }
        let maxValue = max(perDay.map { max($0.leftSeconds, $0.rightSeconds) }.max() ?? 0, 1e-9)
        let slot = (width - left - right) / Double(max(days.count, 1))
        let barWidth = max(2, min(16, slot * 0.36))
        var svg = SVG()
        let title = "\(name(exercise)): seconds held, left / right"
        svg.open("svg", ["class": "chart bars sides", "data-chart": "sides-" + exercise,
                         "viewBox": "0 0 \(SVG.number(width)) \(SVG.number(height))", "width": SVG.number(width),
                         "height": SVG.number(height), "role": "img", "aria-label": title])
        svg.text(name(exercise) + ": seconds held", x: left, y: 14, attributes: ["class": "chart-title"])
        for (i, side) in ["left", "right"].enumerated() {
            let x = left + Double(i) * 48
            svg.rect(x: x, y: 20, width: 8, height: 8, attributes: ["class": "key", "fill": side == "left" ? leftColour : rightColour])
            svg.text(side, x: x + 11, y: 28, attributes: ["class": "bar-label"])
        }
        let base = top + plotHeight
        svg.line(x1: left, y1: base, x2: width - right, y2: base, attributes: ["class": "baseline"])
        for (i, (day, t)) in zip(days, perDay).enumerated() {
            let cx = left + slot * (Double(i) + 0.5)
            for (side, value, x) in [("left", t.leftSeconds, cx - barWidth - 1), ("right", t.rightSeconds, cx + 1)] where value > 0 {
                let h = max(1, value / maxValue * plotHeight)
                svg.rect(x: x, y: base - h, width: barWidth, height: h,
                         attributes: ["class": "bar side-\(side)", "fill": side == "left" ? leftColour : rightColour,
                                      "data-day": day.day, "data-side": side, "data-value": SVG.number(value)],
                         title: "\(day.day) \(side): \(Int(value.rounded())) s")
                // Beside each other the numbers of two bars collide: only for a few days (else the tooltip).
                if days.count <= 3 {
                    svg.text("\(Int(value.rounded()))", x: x + barWidth / 2, y: base - h - 3,
                             attributes: ["class": "bar-value", "text-anchor": "middle"])
                }
            }
            if days.count <= 14 {
                svg.text(String(day.day.suffix(5)), x: cx, y: height - 8, attributes: ["class": "bar-label", "text-anchor": "middle"])
            }
        }
        svg.close("svg")
        return svg.text
    }
}
