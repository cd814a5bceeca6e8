import PostureControl

/// The day's timeline as inline SVG: one row per kind of thing, time across.
enum TimelineSVG {
    static let width = 960.0
    static let labelWidth = 120.0
    static let rowHeight = 20.0
    static let rowGap = 6.0
    static let rows = ["posture", "activity", "sitting bouts", "slouch alerts", "stretches", "bounces, jerks"]

    static let postureColours = ["upright": "#43a047", "slouched": "#e65100", "reclined": "#1e88e5",
                                 "leaning": "#8e24aa", "unknown": "#bdbdbd"]
    static let activityColours = ["sitting": "#8d6e63", "standing": "#26a69a", "walking": "#42a5f5",
                                  "lying": "#7e57c2", "unknown": "#bdbdbd"]

    static func render(_ t: DayTimeline, compact: Bool = false) -> String {
        let rowCount = compact ? 2 : rows.count
        let plotTop = 4.0
        let height = plotTop + Double(rowCount) * (rowHeight + rowGap) + 18
        let plotWidth = width - labelWidth - 24
        let span = t.axis.endSeconds - t.axis.startSeconds
        func x(_ s: Double) -> Double { labelWidth + (s - t.axis.startSeconds) / span * plotWidth }
        func w(_ from: Double, _ to: Double) -> Double { max(1, x(to) - x(from)) }
        func y(_ row: Int) -> Double { plotTop + Double(row) * (rowHeight + rowGap) }
        var svg = SVG()
        svg.open("svg", ["class": "chart timeline", "data-chart": compact ? "timeline-compact" : "timeline",
                         "viewBox": "0 0 \(n(width)) \(n(height))", "width": n(width), "height": n(height),
                         "role": "img", "aria-label": "timeline"])
        for (i, name) in rows.prefix(rowCount).enumerated() {
            svg.text(name, x: labelWidth - 8, y: y(i) + 14, attributes: ["class": "row-label", "text-anchor": "end"])
            svg.rect(x: labelWidth, y: y(i), width: plotWidth, height: rowHeight, attributes: ["class": "row-bg"])
        }
        for b in t.posture {
            svg.rect(x: x(b.fromSeconds), y: y(0), width: w(b.fromSeconds, b.toSeconds), height: rowHeight,
                     attributes: ["class": "band posture-\(b.state)", "fill": postureColours[b.state] ?? "#bdbdbd"],
                     title: "\(b.state) \(DurationText.format(b.seconds))")
        }
        for b in t.activity {
            svg.rect(x: x(b.fromSeconds), y: y(1), width: w(b.fromSeconds, b.toSeconds), height: rowHeight,
                     attributes: ["class": "band activity-\(b.state)", "fill": activityColours[b.state] ?? "#bdbdbd"],
                     title: "\(b.state) \(DurationText.format(b.seconds))")
        }
        if !compact {
            for bout in t.sittingBouts {
                svg.rect(x: x(bout.fromSeconds), y: y(2) + 3, width: w(bout.fromSeconds, bout.toSeconds), height: rowHeight - 6,
                         attributes: ["class": "bout", "fill": "#a1887f"],
                         title: "sitting \(DurationText.format(bout.seconds)), \(bout.nudgeSeconds.count) nudges")
                for nudge in bout.nudgeSeconds { svg.marker(x: x(nudge), y: y(2), height: rowHeight, kind: "nudge", fill: "#c62828") }
            }
            for a in t.slouchAlerts { svg.marker(x: x(a), y: y(3), height: rowHeight, kind: "slouch-alert", fill: "#e65100") }
            for s in t.stretchSessions {
                svg.rect(x: x(s.fromSeconds), y: y(4), width: w(s.fromSeconds, s.toSeconds), height: rowHeight,
                         attributes: ["class": "stretch", "fill": "#c5cae9"], title: "stretch session \(DurationText.format(s.seconds))")
            }
            for h in t.holds {
                svg.rect(x: x(h.startSeconds), y: y(4) + 4, width: w(h.startSeconds, h.startSeconds + h.durationSeconds),
                         height: rowHeight - 8,
                         attributes: ["class": "hold" + (h.targetMet ? " met" : ""), "fill": h.targetMet ? "#2e7d32" : "#f9a825"],
                         title: "hold \(DurationText.format(h.durationSeconds))" + (h.targetMet ? " (target met)" : ""))
            }
            for b in t.bounces { svg.marker(x: x(b), y: y(5), height: rowHeight, kind: "bounce", fill: "#6a1b9a") }
            for j in t.jerks { svg.marker(x: x(j), y: y(5), height: rowHeight, kind: "jerk", fill: "#d81b60") }
        }
        let axisY = y(rowCount) + 2
        for tick in t.axis.ticks {
            let tx = x(tick.seconds)
            svg.line(x1: tx, y1: plotTop, x2: tx, y2: axisY - 4, attributes: ["class": "tick"])
            svg.text(tick.label, x: tx, y: axisY + 10, attributes: ["class": "tick-label", "text-anchor": "middle"])
        }
        svg.close("svg")
        return svg.text
    }

    static func n(_ x: Double) -> String { SVG.number(x) }
}

/// A few SVG elements with escaped text; numbers with at most one decimal.
struct SVG {
    var text = ""

    mutating func open(_ tag: String, _ attributes: [String: String]) {
        text += "<\(tag)\(Self.attributes(attributes))>"
    }

    mutating func close(_ tag: String) { text += "</\(tag)>\n" }

    mutating func rect(x: Double, y: Double, width: Double, height: Double, attributes: [String: String], title: String? = nil) {
        let geometry = " x=\"\(Self.number(x))\" y=\"\(Self.number(y))\" width=\"\(Self.number(width))\" height=\"\(Self.number(height))\""
        if let title {
            text += "<rect\(geometry)\(Self.attributes(attributes))><title>\(HTMLText.escape(title))</title></rect>"
        } else {
            text += "<rect\(geometry)\(Self.attributes(attributes))/>"
        }
    }

    /// A thin upright mark with a triangle on top: a moment (alert, nudge, bounce, jerk).
    mutating func marker(x: Double, y: Double, height: Double, kind: String, fill: String) {
        let top = Self.number(y), cx = Self.number(x)
        text += "<g class=\"marker \(kind)\" fill=\"\(fill)\"><rect x=\"\(Self.number(x - 1))\" y=\"\(top)\" width=\"2\" height=\"\(Self.number(height))\"/>"
            + "<path d=\"M\(Self.number(x - 5)) \(top) L\(Self.number(x + 5)) \(top) L\(cx) \(Self.number(y + 7)) Z\"/>"
            + "<title>\(kind.replacingOccurrences(of: "-", with: " "))</title></g>"
    }

    mutating func line(x1: Double, y1: Double, x2: Double, y2: Double, attributes: [String: String]) {
        text += "<line x1=\"\(Self.number(x1))\" y1=\"\(Self.number(y1))\" x2=\"\(Self.number(x2))\" y2=\"\(Self.number(y2))\"\(Self.attributes(attributes))/>"
    }

    mutating func text(_ content: String, x: Double, y: Double, attributes: [String: String]) {
        text += "<text x=\"\(Self.number(x))\" y=\"\(Self.number(y))\"\(Self.attributes(attributes))>\(HTMLText.escape(content))</text>"
    }

    static func attributes(_ a: [String: String]) -> String {
        a.keys.sorted().map { " \($0)=\"\(HTMLText.escape(a[$0] ?? ""))\"" }.joined()
    }

    static func number(_ x: Double) -> String {
        guard x.isFinite else { return "0" }
        let r = (x * 10).rounded() / 10
        return r == r.rounded() && abs(r) < 1e15 ? String(Int(r)) : String(r)
    }
}

enum HTMLText {
    static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for ch in s {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(ch)
            }
        }
        return out
    }
}
