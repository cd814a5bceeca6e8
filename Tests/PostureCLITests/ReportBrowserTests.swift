import Foundation
import Testing

/// `posture report` rendered by a real browser (Debian's headless chromium): no console errors,
/// the charts laid out and drawn, the figures on the page those of `posture stats --json`.
@Suite(.enabled(if: Chromium.executable != nil, "chromium is not installed (apt-get install chromium; .ci/setup --test installs it): the browser test of `posture report` is skipped"))
struct ReportBrowserTests {
    static func tempDir(_ name: String) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("posture-report-\(getpid())-\(name)").path
        try? FileManager.default.removeItem(atPath: dir)
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    /// Measures every chart after layout and writes what it found into the DOM (only in a copy
    /// made for this test: the report itself has no script).
    static let probe = """
        <script>
        const out = [];
        for (const svg of document.querySelectorAll('svg.chart')) {
          const r = svg.getBoundingClientRect();
          const shapes = [...svg.querySelectorAll('rect.band, rect.bar, rect.hold, rect.bout, g.marker')];
          const drawn = shapes.filter(e => { const b = e.getBoundingClientRect(); return b.width > 0 && b.height > 0; });
          let hit = false, fill = '';
          if (drawn.length) {
            const widest = drawn.reduce((a, b) => a.getBoundingClientRect().width >= b.getBoundingClientRect().width ? a : b);
            const b = widest.getBoundingClientRect();
            const p = document.elementFromPoint(b.left + b.width / 2, b.top + b.height / 2);
            hit = p === widest || widest.contains(p);
            fill = getComputedStyle(widest).fill;
          }
          out.push({id: svg.dataset.chart, width: r.width, height: r.height, shapes: shapes.length, drawn: drawn.length, hit, fill});
        }
        const pre = document.createElement('pre');
        pre.id = 'layout';
        pre.textContent = JSON.stringify(out);
        document.body.appendChild(pre);
        </script>
        """

    struct ChartLayout: Decodable {
        var id: String
        var width: Double
        var height: Double
        var shapes: Int
        var drawn: Int
        var hit: Bool
        var fill: String
    }

    @Test func dayReportRendersWithChartsAndTheStatsFigures() throws {
        let dir = try Self.tempDir("day")
        let state = dir + "/state"
        let written = try HistoryFixture.write(to: state)
        let day = HistoryFixture.lastDay
        let page = dir + "/report.html"
        let report = try PostureProcess.run(["report", "--day", day, "--state-dir", state, "-o", page])
        #expect(report.status == 0, "\(report.stderr)")
        let html = try String(contentsOfFile: page, encoding: .utf8)
        #expect(!html.contains("<script"), "the report itself has no script")

        // 1. A screenshot: chromium loads it with nothing on the console.
        let png = dir + "/report.png"
        let shot = try Chromium.run(["--hide-scrollbars", "--window-size=1000,1700", "--screenshot=\(png)"],
                                    url: "file://" + page, profile: dir + "/profile1")
        #expect(shot.status == 0, "\(shot.stderr.suffix(2000))")
        #expect(shot.consoleLines.isEmpty, "\(shot.consoleLines)")
        let image = try Data(contentsOf: URL(fileURLWithPath: png))
        let size = Chromium.pngSize(image)
        #expect(size?.width == 1000 && size?.height == 1700, "\(String(describing: size))")
        #expect(image.count > 20_000, "a page with charts, not a blank one: \(image.count) bytes")

        // 2. The DOM after load: the figures, and still nothing on the console.
        let dom = try Chromium.run(["--dump-dom"], url: "file://" + page, profile: dir + "/profile2")
        #expect(dom.status == 0 && dom.consoleLines.isEmpty, "\(dom.consoleLines)")
        let figures = Self.figures(in: dom.stdout, day: day)
        #expect(figures.count >= 15, "\(figures)")

        // The same history through `posture stats --json` (offline: no daemon listens there).
        let stats = try PostureProcess.run(["stats", "--json", "--days", "3650", "--state-dir", state, "--socket", dir + "/none.sock"])
        #expect(stats.status == 0, "\(stats.stderr)")
        let answer = try JSONSerialization.jsonObject(with: Data(stats.stdout.utf8)) as? [String: Any]
        let days = answer?["stats"] as? [[String: Any]] ?? []
        let counters = days.first { $0["day"] as? String == day }?["counters"] as? [String: Any] ?? [:]
        #expect(!counters.isEmpty, "\(stats.stdout.prefix(500))")
        for (key, value) in figures where key != "breaks" {
            let expected = (counters[key] as? NSNumber)?.doubleValue
            #expect(expected.map { abs($0 - value) < 0.0005 } == true, "\(key): page \(value), stats \(String(describing: expected))")
        }
        #expect(figures["slouched_s"] == written[day].map { ($0.slouchedSeconds * 1000).rounded() / 1000 })
        #expect((figures["holds"] ?? 0) > 0 && (figures["slouch_alerts"] ?? 0) > 0, "the fixture day has holds and alerts")

        // 3. Layout: every chart has a size and its shapes are drawn where they are.
        let probed = html.replacingOccurrences(of: "default-src 'none';", with: "default-src 'none'; script-src 'unsafe-inline';")
            .replacingOccurrences(of: "</body>", with: Self.probe + "</body>")
        try probed.write(toFile: dir + "/probed.html", atomically: true, encoding: .utf8)
        let layout = try Chromium.run(["--window-size=1000,4000", "--dump-dom"], url: "file://\(dir)/probed.html", profile: dir + "/profile3")
        #expect(layout.consoleLines.isEmpty, "\(layout.consoleLines)")
        let charts = try Self.layout(in: layout.stdout)
        #expect(Set(charts.map(\.id)) == ["timeline", "holds", "trend-slouched", "trend-longest-bout", "trend-breaks", "trend-holds",
                                          "sides-knee_to_chest"])
        for chart in charts {
            #expect(chart.width > 100 && chart.height > 50, "\(chart.id): \(chart.width) x \(chart.height)")
            #expect(chart.shapes > 0 && chart.drawn == chart.shapes, "\(chart.id): \(chart.drawn) of \(chart.shapes) drawn")
            #expect(chart.hit, "\(chart.id): its widest shape is what shows at its centre")
            #expect(chart.fill.hasPrefix("rgb(") && chart.fill != "rgb(0, 0, 0)", "\(chart.id): filled \(chart.fill)")
        }
        #expect(charts.first { $0.id == "trend-slouched" }?.shapes == 7, "seven days in the trend")
    }

    @Test func weekReportRendersSevenTimelines() throws {
        let dir = try Self.tempDir("week")
        let state = dir + "/state"
        try HistoryFixture.write(to: state)
        let page = dir + "/week.html"
        let report = try PostureProcess.run(["report", "--week", "--day", HistoryFixture.lastDay, "--state-dir", state, "-o", page])
        #expect(report.status == 0, "\(report.stderr)")
        let dom = try Chromium.run(["--dump-dom"], url: "file://" + page, profile: dir + "/profile")
        #expect(dom.status == 0 && dom.consoleLines.isEmpty, "\(dom.consoleLines)")
        #expect(dom.stdout.components(separatedBy: #"data-chart="timeline-compact""#).count - 1 == 7)
        #expect(dom.stdout.components(separatedBy: #"data-key="slouched_s""#).count - 1 == 7)
    }

    /// `data-key` -> `data-value` of the totals of `day`.
    static func figures(in dom: String, day: String) -> [String: Double] {
        var out: [String: Double] = [:]
        let pattern = try? NSRegularExpression(pattern: #"data-day="([^"]+)" data-key="([a-z_]+)" data-value="([0-9.]+)""#)
        let range = NSRange(dom.startIndex..., in: dom)
        for m in pattern?.matches(in: dom, range: range) ?? [] {
            guard let d = Range(m.range(at: 1), in: dom), dom[d] == day,
                  let k = Range(m.range(at: 2), in: dom), let v = Range(m.range(at: 3), in: dom), let value = Double(dom[v]) else { continue }
            out[String(dom[k])] = value
        }
        return out
    }

    static func layout(in dom: String) throws -> [ChartLayout] {
        guard let start = dom.range(of: #"<pre id="layout">"#), let end = dom.range(of: "</pre>", range: start.upperBound..<dom.endIndex) else {
            Issue.record("the probe wrote nothing: \(dom.suffix(500))")
            return []
        }
        let text = dom[start.upperBound..<end.lowerBound].replacingOccurrences(of: "&lt;", with: "<")
            .replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&amp;", with: "&")
        return try JSONDecoder().decode([ChartLayout].self, from: Data(text.utf8))
    }
}
