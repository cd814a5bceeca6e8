import PostureCoaching
import PostureControl

/// The report as one self-contained HTML page: inline CSS and SVG, no script, nothing fetched.
/// Every figure in the totals carries its machine value (`data-key`, `data-value`: the keys
/// and units of `posture stats --json`), so tests and scripts can read the page back.
public enum ReportHTML {
    public static func render(_ page: ReportPage) -> String {
        var html = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
            <title>\(HTMLText.escape(page.title))</title>
            <style>\(css)</style></head><body>
            <h1>\(HTMLText.escape(page.title))</h1>
            <p class="source">\(HTMLText.escape(page.source))</p>

            """
        let week = page.days.count > 1
        if !week, let day = page.days.first {
            html += cards(day)
        }
        html += "<section><h2>Timeline</h2>\n"
        if page.days.allSatisfy({ $0.timeline == nil }) { html += "<p class=\"empty\">No events recorded.</p>\n" }
        for day in page.days {
            guard let timeline = day.timeline else { continue }
            if week { html += "<h3>\(HTMLText.escape(day.day))</h3>\n" }
            html += TimelineSVG.render(timeline, compact: week)
        }
        html += legend(compact: week) + "</section>\n"
        // A day: the totals beside its holds; a week: the totals of its days side by side.
        html += "<div class=\"pair\"><section><h2>Totals</h2>\n" + totalsTable(page.days) + "</section>\n"
        if !week, let timeline = page.days.first?.timeline, !timeline.holds.isEmpty {
            html += "<section><h2>Stretch holds</h2>\n" + BarChartSVG.holds(timeline.holds, targetSeconds: page.holdTargetSeconds,
                                                                                                   exerciseTargets: page.exerciseTargetSeconds)
                + "</section>\n"
        }
        html += "</div>\n"
        if !page.trend.isEmpty {
            html += "<section><h2>Last 7 days</h2>\n<div class=\"trends\">" + BarChartSVG.trends(page.trend) + "</div></section>\n"
        }
        html += SidesHTML.section(page) + RoutinesHTML.section(page)
        if !page.notes.isEmpty {
            html += "<section class=\"notes\">" + page.notes.map { "<p>\(HTMLText.escape($0))</p>" }.joined() + "</section>\n"
        }
        html += "</body></html>\n"
        return html
    }

    /// The figures of the totals table: JSON key, heading, how the value reads.
    static var figures: [(key: String, heading: String, value: (DailyCounters) -> Double, isDuration: Bool)] { [
        ("slouched_s", "slouched", { $0.slouchedSeconds }, true),
        ("upright_s", "upright", { $0.uprightSeconds }, true),
        ("sitting_s", "sitting", { $0.sittingSeconds }, true),
        ("longest_sitting_bout_s", "longest bout", { $0.longestSittingBoutSeconds }, true),
        ("slouch_alerts", "slouch alerts", { Double($0.slouchAlerts) }, false),
        ("sitting_nudges", "sitting nudges", { Double($0.sittingNudges) }, false),
        ("nudges_played", "nudges played", { Double($0.nudgesPlayed) }, false),
        ("nudges_suppressed", "skipped", { Double($0.nudgesSuppressed) }, false),
        ("stretch_sessions", "stretches", { Double($0.stretchSessions) }, false),
        ("holds", "holds", { Double($0.holds) }, false),
        ("holds_target_met", "on target", { Double($0.holdsTargetMet) }, false),
        ("hold_s_total", "hold time", { $0.holdSecondsTotal }, true),
        ("longest_hold_s", "longest hold", { $0.longestHoldSeconds }, true),
        ("bounces", "bounces", { Double($0.bounces) }, false),
        ("jerks", "jerks", { Double($0.jerks) }, false),
    ] }

    /// One row per figure, one column per day (a week fits the page width).
    static func totalsTable(_ days: [ReportDay]) -> String {
        var out = "<table class=\"totals\"><thead><tr><th></th>"
        out += days.map { "<th>\(HTMLText.escape($0.day))</th>" }.joined() + "</tr></thead><tbody>\n"
        func cell(_ day: ReportDay, _ key: String, _ value: Double, _ text: String) -> String {
            "<td data-day=\"\(HTMLText.escape(day.day))\" data-key=\"\(key)\" data-value=\"\(plain(value))\">\(text)</td>"
        }
        for f in figures {
            out += "<tr><th>\(HTMLText.escape(f.heading))</th>"
            for day in days {
                guard let c = day.counters else { out += "<td class=\"empty\">no data</td>"; continue }
                let v = f.value(c)
                out += cell(day, f.key, v, f.isDuration ? DurationText.format(v) : plain(v))
            }
            out += "</tr>\n"
        }
        out += "<tr><th>breaks</th>" + days.map { cell($0, "breaks", Double($0.breaks), "\($0.breaks)") }.joined() + "</tr>\n"
        return out + "</tbody></table>\n"
    }

    static func cards(_ day: ReportDay) -> String {
        guard let c = day.counters else { return "<p class=\"empty\">Nothing recorded on \(HTMLText.escape(day.day)).</p>\n" }
        let items = [
            ("slouched", DurationText.format(c.slouchedSeconds)), ("sitting", DurationText.format(c.sittingSeconds)),
            ("longest bout", DurationText.format(c.longestSittingBoutSeconds)), ("breaks", "\(day.breaks)"),
            ("alerts", "\(c.slouchAlerts + c.sittingNudges)"), ("holds on target", "\(c.holdsTargetMet)/\(c.holds)"),
        ]
        return "<div class=\"cards\">" + items.map { "<div class=\"card\"><span>\($0.1)</span>\($0.0)</div>" }.joined() + "</div>\n"
    }

    static func legend(compact: Bool) -> String {
        var items = TimelineSVG.postureColours.sorted { $0.key < $1.key }.map { ("posture: \($0.key)", $0.value) }
        items += TimelineSVG.activityColours.sorted { $0.key < $1.key }.filter { $0.key != "unknown" }.map { ("activity: \($0.key)", $0.value) }
        if !compact {
            items += [("sitting nudge", "#c62828"), ("slouch alert", "#e65100"), ("stretch session", "#c5cae9"),
                      ("hold on target", "#2e7d32"), ("hold short of target", "#f9a825"), ("bounce", "#6a1b9a"), ("jerk", "#d81b60")]
        }
        return "<p class=\"legend\">" + items.map { "<span><i style=\"background:\($0.1)\"></i>\(HTMLText.escape($0.0))</span>" }.joined()
            + "</p>\n"
    }

    /// 12, 12.5 (at most three decimals): the value as `posture stats --json` has it, rounded.
    static func plain(_ v: Double) -> String {
        let r = (v * 1000).rounded() / 1000
        return r == r.rounded() && abs(r) < 1e15 ? String(Int(r)) : String(r)
    }

    static let css = """
        body{font:15px/1.4 system-ui,sans-serif;margin:24px auto;padding:0 16px;max-width:1000px;color:#222;background:#fff}
        h1{font-size:24px;margin:0}h2{font-size:18px;margin:24px 0 8px}h3{font-size:14px;margin:10px 0 2px}
        .source{color:#666;margin:2px 0 12px}
        .cards{display:flex;gap:10px;flex-wrap:wrap}.card{border:1px solid #ddd;border-radius:8px;padding:8px 14px;min-width:110px;color:#555}
        .card span{display:block;font-size:22px;font-weight:600;color:#222}
        svg.chart{display:block;max-width:100%;height:auto}.row-bg{fill:#f5f5f5}.row-label,.tick-label,.bar-label,.bar-value,.target-label{font-size:11px;fill:#555}
        .tick{stroke:#ddd}.baseline{stroke:#999}.target{stroke-dasharray:4 3}.chart-title{font-size:12px;font-weight:600;fill:#333}
        .trends{display:grid;grid-template-columns:repeat(auto-fill,minmax(300px,1fr));gap:8px}
        table.totals{border-collapse:collapse;font-size:12px}table.totals th,table.totals td{border-bottom:1px solid #eee;padding:3px 6px;text-align:right}
        table.totals tbody th{text-align:left;font-weight:normal;color:#555}table.totals td{white-space:nowrap}.legend{font-size:12px;color:#555}.legend span{margin-right:12px;white-space:nowrap}
        .legend i{display:inline-block;width:10px;height:10px;margin-right:4px;vertical-align:middle}.empty,.notes{color:#777}
        .pair{display:flex;gap:32px;flex-wrap:wrap;align-items:flex-start}
        p.sides{font-size:13px;margin:2px 0 8px}table.routine{margin-bottom:12px}table.routine td:nth-child(2),table.routine td:nth-child(3),table.routine th:nth-child(2),table.routine th:nth-child(3){text-align:left}
        table.routine tr.sum th{text-align:left;font-weight:600}
        """
}
