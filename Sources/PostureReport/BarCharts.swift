import PostureControl
import PostureCore

/// Bar charts as inline SVG: the trend of one figure over seven days, and the holds against
/// their target. Every bar carries its value (`data-value`), so a test can read what is drawn.
enum BarChartSVG {
    struct Bar {
        var label: String
        var value: Double
        /// Drawn behind the bar (e.g. all holds behind the holds on target).
        var background: Double?
        var valueText: String
        var highlighted = false
        var colour: String?
        /// This bar's own target, marked across it (holds of exercises with different targets).
        var target: Double?
        var detail: String?
    }

    static func render(id: String, title: String, bars: [Bar], colour: String, width: Double = 300, height: Double = 170,
                       targetLine: (value: Double, label: String)? = nil) -> String {
        let top = 34.0, bottom = 24.0, left = 8.0, right = targetLine == nil ? 8.0 : 70.0
        let plotHeight = height - top - bottom
        let maxValue = max(bars.map { max($0.value, $0.background ?? 0, ($0.target ?? 0) * 1.1) }.max() ?? 0,
                           (targetLine?.value ?? 0) * 1.25, 1e-9)
        let slot = (width - left - right) / Double(max(bars.count, 1))
        let barWidth = max(2, min(34, slot * 0.7))
        func y(_ v: Double) -> Double { top + plotHeight - v / maxValue * plotHeight }
        var svg = SVG()
        svg.open("svg", ["class": "chart bars", "data-chart": id, "viewBox": "0 0 \(SVG.number(width)) \(SVG.number(height))",
                         "width": SVG.number(width), "height": SVG.number(height), "role": "img", "aria-label": title])
        svg.text(title, x: left, y: 14, attributes: ["class": "chart-title"])
        svg.line(x1: left, y1: top + plotHeight, x2: width - right, y2: top + plotHeight, attributes: ["class": "baseline"])
        for (i, bar) in bars.enumerated() {
            let cx = left + slot * (Double(i) + 0.5)
            if let back = bar.background, back > 0 {
                svg.rect(x: cx - barWidth / 2, y: y(back), width: barWidth, height: top + plotHeight - y(back),
                         attributes: ["class": "bar-background", "fill": "#e0e0e0", "data-value": SVG.number(back)])
            }
            let h = max(bar.value > 0 ? 1 : 0, top + plotHeight - y(bar.value))
            svg.rect(x: cx - barWidth / 2, y: top + plotHeight - h, width: barWidth, height: h,
                     attributes: ["class": "bar" + (bar.highlighted ? " met" : ""), "fill": bar.colour ?? colour,
                                  "data-label": bar.label, "data-value": SVG.number(bar.value)],
                     title: "\(bar.label): \(bar.valueText)\(bar.detail.map { " \($0)" } ?? "")")
            if let target = bar.target {
                let ty = y(target)
                svg.line(x1: cx - barWidth / 2 - 3, y1: ty, x2: cx + barWidth / 2 + 3, y2: ty,
                         attributes: ["class": "bar-target", "stroke": "#1b5e20", "stroke-width": "2", "data-value": SVG.number(target)])
            }
            if bars.count <= 14 {
                svg.text(bar.valueText, x: cx, y: top + plotHeight - h - 3, attributes: ["class": "bar-value", "text-anchor": "middle"])
                svg.text(bar.label, x: cx, y: height - 8, attributes: ["class": "bar-label", "text-anchor": "middle"])
            }
        }
        if let target = targetLine {
            let ty = y(target.value)
            svg.line(x1: left, y1: ty, x2: width - right, y2: ty, attributes: ["class": "target", "stroke": "#2e7d32"])
            svg.text(target.label, x: width - right + 4, y: ty + 4, attributes: ["class": "target-label"])
        }
        svg.close("svg")
        return svg.text
    }

    /// The four trend charts of the last seven days.
    static func trends(_ days: [ReportDay]) -> String {
        func label(_ d: ReportDay) -> String { String(d.day.suffix(5)) }
        func bars(_ value: (ReportDay) -> Double, _ text: (Double) -> String) -> [Bar] {
            days.map { d in Bar(label: label(d), value: value(d), valueText: text(value(d))) }
        }
        let minutes: (Double) -> String = { "\(Int(($0).rounded()))" }
        let count: (Double) -> String = { "\(Int($0))" }
        let holds = days.map { d in
            Bar(label: label(d), value: Double(d.counters?.holdsTargetMet ?? 0), background: Double(d.counters?.holds ?? 0),
                valueText: "\(d.counters?.holdsTargetMet ?? 0)/\(d.counters?.holds ?? 0)")
        }
        return [
            render(id: "trend-slouched", title: "Slouched (minutes)",
                   bars: bars({ ($0.counters?.slouchedSeconds ?? 0) / 60 }, minutes), colour: "#e65100"),
            render(id: "trend-longest-bout", title: "Longest sitting bout (minutes)",
                   bars: bars({ ($0.counters?.longestSittingBoutSeconds ?? 0) / 60 }, minutes), colour: "#8d6e63"),
            render(id: "trend-breaks", title: "Breaks (stood up or walked)",
                   bars: bars({ Double($0.breaks) }, count), colour: "#26a69a"),
            render(id: "trend-holds", title: "Stretch holds on target (of all)", bars: holds, colour: "#2e7d32"),
        ].joined(separator: "\n")
    }

    /// Each hold of the day against its target: the generic one as a line, or, when exercises
    /// with their own targets were recognised, a mark across each bar.
    static func holds(_ holds: [DayTimeline.Hold], targetSeconds: Double, exerciseTargets: [Exercise: Double] = [:]) -> String {
        func target(_ h: DayTimeline.Hold) -> Double { h.exercise == .unknown ? targetSeconds : (exerciseTargets[h.exercise] ?? targetSeconds) }
        let perExercise = holds.contains { target($0) != targetSeconds }
        let bars = holds.enumerated().map { i, h in
            let name = h.exercise.rawValue.replacingOccurrences(of: "_", with: " ") + (h.side == .none ? "" : " (\(h.side.rawValue))")
            return Bar(label: "\(i + 1)", value: h.durationSeconds, valueText: DurationText.format(h.durationSeconds), highlighted: h.targetMet,
                       colour: h.targetMet ? "#2e7d32" : "#f9a825", target: perExercise ? target(h) : nil,
                       detail: "\(name), target \(DurationText.format(target(h)))")
        }
        if perExercise {
            return render(id: "holds", title: "Stretch holds (seconds), each against its exercise's target (dark mark)",
                          bars: bars, colour: "#43a047", width: 620, height: 180)
        }
        return render(id: "holds", title: "Stretch holds (seconds) against the \(DurationText.format(targetSeconds)) target",
                      bars: bars, colour: "#43a047", width: 620, height: 180,
                      targetLine: (targetSeconds, "target \(DurationText.format(targetSeconds))"))
    }
}
