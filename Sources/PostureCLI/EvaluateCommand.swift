import ArgumentParser
import PostureCore
import PostureEvaluation
import PostureTrace
import TiltEstimation

struct EvaluateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Measure the tilt estimator against recorded ground truth.",
        subcommands: [EvaluateBroadCommand.self])
}

/// `posture evaluate broad`: inclination RMSE on the BROAD trials (moving phases).
struct EvaluateBroadCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "broad",
        abstract: "Inclination error of the tilt filter on the BROAD trials (true_up, moving == 1).",
        discussion: """
            Scores every sample with moving == 1 and a non-empty true_up: the angle between the \
            estimated and the true up vector. Prints per-trial RMSE and maximum for the default \
            filter (TiltFilter) and the complementary baseline. Reference on these six trials \
            (mean RMSE): VQF 0.56°, BasicVQF 0.87°. --sweep adds the mean over a grid of the \
            time-constant adaptation's parameters and over fixed time constants (adaptation off, \
            which is VQF's 6D algorithm: 3 s reproduces its 0.557°).
            """)

    @OptionGroup var broad: BroadDataOptions

    @Option(name: .customLong("output-lead-ms"),
            help: "Latency compensation of the filter's output, milliseconds (TiltFilterSettings.outputLeadSeconds; default 0).")
    var outputLeadMilliseconds: Double = 0

    @Flag(name: .long, help: "Also print the mean RMSE over a grid of the adaptation's parameters (robustness).")
    var sweep = false

    func validate() throws {
        guard outputLeadMilliseconds.isFinite, (0...100).contains(outputLeadMilliseconds) else {
            throw ValidationError("--output-lead-ms must be between 0 and 100, got \(outputLeadMilliseconds)")
        }
    }

    func run() throws {
        var settings = TiltFilterSettings()
        settings.outputLeadSeconds = outputLeadMilliseconds / 1000
        let folder = try BroadData.folder(explicit: broad.data)
        let files = try BroadData.traceFiles(in: folder)
        print("BROAD trials in \(folder): inclination error, degrees, over samples with moving == 1 and true_up")
        if settings.outputLeadSeconds > 0 {
            print("TiltFilter output predicted \(DecimalFormatting.string(outputLeadMilliseconds, fractionDigits: 2)) ms ahead")
        }
        print(BroadReport.header)
        var traces: [(name: String, trace: Trace)] = []
        var filterSum = 0.0, baselineSum = 0.0
        for file in files {
            let trace = try TraceReader.read(path: folder + "/" + file)
            let filter = BroadScore.run(TiltFilter(settings: settings), on: trace)
            let baseline = BroadScore.run(ComplementaryTiltEstimator(), on: trace)
            filterSum += filter.error.rmseDegrees
            baselineSum += baseline.error.rmseDegrees
            let name = String(file.dropLast(4))
            print(BroadReport.row(name: name, filter: filter, baseline: baseline))
            if sweep { traces.append((name, trace)) }
        }
        let n = Double(files.count)
        print(BroadReport.meanRow(filterMean: filterSum / n, baselineMean: baselineSum / n))
        if sweep { printSweep(traces.map(\.trace), base: settings) }
    }

    /// Mean RMSE for a grid of the adaptation's gain and range, and for fixed time
    /// constants (adaptation off: VQF's behaviour, whose default is 3 s).
    func printSweep(_ traces: [Trace], base: TiltFilterSettings) {
        func mean(_ settings: TiltFilterSettings) -> String {
            let sum = traces.reduce(0.0) { $0 + BroadScore.run(TiltFilter(settings: settings), on: $1).error.rmseDegrees }
            return DecimalFormatting.string(sum / Double(traces.count), fractionDigits: 3)
        }
        let gains = [50.0, 70, 100, 140, 200]
        print("")
        print("mean RMSE by adaptation gain (columns) and time-constant range (rows)")
        print(BroadReport.pad("range s", 12) + gains.map { BroadReport.pad(DecimalFormatting.string($0, fractionDigits: 0), 8) }.joined())
        for range in [1.25...4.0, 1.5...3.5, 1.5...4.0, 1.5...5.0, 2.0...4.0] {
            var row = BroadReport.pad(DecimalFormatting.string(range.lowerBound, fractionDigits: 2) + "-"
                                      + DecimalFormatting.string(range.upperBound, fractionDigits: 1), 12)
            for gain in gains {
                var s = base
                s.adaptiveTimeConstantGain = gain
                s.adaptiveTimeConstantRangeSeconds = range
                row += BroadReport.pad(mean(s), 8)
            }
            print(row)
        }
        var fixed = "fixed tau   "
        for tau in [1.0, 2, 3, 4, 6] {
            var s = base
            s.adaptiveTimeConstant = false
            s.accTimeConstantSeconds = tau
            fixed += DecimalFormatting.string(tau, fractionDigits: 0) + " s: " + mean(s) + "  "
        }
        print(fixed)
    }
}
