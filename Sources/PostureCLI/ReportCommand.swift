import ArgumentParser
import Foundation
import PostureConfig
import PostureControl
import PostureCore
import PosturePipeline
import PostureReport
import SystemSupport

/// `posture report [--day YYYY-MM-DD | --week] [--trace TRACE.csv[.gz] [--config FILE]] -o FILE.html`
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report", abstract: "Write a day's or a week's posture as one self-contained HTML page (pictures, totals, trends).",
        discussion: """
            Reads the history directly (the daemon may be running or not) or replays a recording (--trace).
            The page has no scripts and loads nothing: open it in any browser, mail it, keep it.
            """)

    @Option(name: .long, help: ArgumentHelp("The day to show (default today, local time).", valueName: "YYYY-MM-DD"))
    var day: String?

    @Flag(name: .long, help: "The seven days ending with --day (default: ending today).")
    var week = false

    @Option(name: .long, help: ArgumentHelp("Replay this recording instead of reading the history.", valueName: "TRACE.csv[.gz]"))
    var trace: String?

    @Option(name: .long, help: "Configuration file (state directory; pipeline settings for --trace; default /etc/posture/posture.toml).")
    var config: String?

    @Option(name: [.short, .customLong("output")], help: ArgumentHelp("Where to write the page.", valueName: "FILE.html"))
    var output: String

    @OptionGroup var state: StateDirectoryOption

    @Flag(name: .long, help: "Say what was written as JSON on standard output (errors too).")
    var json = false

    func validate() throws {
        if trace != nil && (day != nil || week) { throw ValidationError("--trace makes the page of a recording: without --day or --week") }
        if output.isEmpty { throw ValidationError("-o: an empty path") }
    }

    func run() throws {
        do {
            let page = try cliErrors { try makePage() }
            do { try AtomicFile.write(Array(ReportHTML.render(page).utf8), to: output) } catch { throw CLIError(error.description) }
            if json {
                print(#"{"ok":true,"output":"\#(jsonEscaped(output))","days":\#(page.days.count)}"#)
            } else {
                if page.days.allSatisfy({ $0.counters == nil && $0.timeline == nil }) {
                    writeStandardError("posture: note: nothing recorded for \(page.days.map(\.day).joined(separator: ", ")) (\(page.source))\n")
                }
                writeStandardError("posture: report written to \(output)\n")
            }
        } catch let error as CLIError {
            if json { print(ControlCodec.encode(ControlResponse.failure(error.description))) }
            throw error
        }
    }

    private func makePage() throws -> ReportPage {
        let configuration = try loadConfiguration(config)
        var page: ReportPage
        if let trace {
            page = try ReportGathering.fromTrace(path: trace, settings: configuration.pipeline)
        } else {
            page = try fromHistory(configuration)
        }
        for exercise in Exercise.allCases where exercise != .unknown {
            page.exerciseTargetSeconds[exercise] = configuration.pipeline.holdTarget(for: exercise)
        }
        return page
    }

    private func fromHistory(_ configuration: PostureConfiguration) throws -> ReportPage {
        let calendar = LocalCalendar()
        let lastDay = try day.map { d throws(CLIError) in try parseDay(d, option: "--day") } ?? todayKey(calendar)
        let history = try state.open(config: configuration)
        return try ReportGathering.fromHistory(history, lastDay: lastDay, week: week,
                                               holdTargetSeconds: configuration.pipeline.stretch.holdTargetSeconds,
                                               calendar: calendar, nowSeconds: SystemTime.wallSeconds())
    }
}

/// Runs `body`; any error becomes a `CLIError` with its description (one line for the user).
func cliErrors<T>(_ body: () throws -> T) throws(CLIError) -> T {
    do { return try body() } catch let error as CLIError { throw error } catch { throw CLIError("\(error)") }
}

/// A string's content for a JSON string literal.
func jsonEscaped(_ s: String) -> String {
    var out = ""
    for scalar in s.unicodeScalars {
        switch scalar {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        default:
            if scalar.value < 0x20 {
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
    }
    return out
}
