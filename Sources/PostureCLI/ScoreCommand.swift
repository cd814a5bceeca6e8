import ArgumentParser
import PostureConfig
import PostureCore
import PostureEvaluation
import PosturePipeline
import PostureSimulator
import SystemSupport

/// `posture score`: the pipeline against simulated, labelled scenarios (the scoring itself is
/// in PostureEvaluation).
struct ScoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "score",
        abstract: "Score the detectors on simulated scenarios against their labels (exit 1 if a target is missed).",
        discussion: ScoringRules.text)

    @Argument(help: ArgumentHelp("Score one replay instead: the labels of a simulated trace and the events `posture replay` wrote for it.", valueName: "LABELS.json EVENTS.jsonl"))
    var files: [String] = []

    @Option(name: .long, help: "How many seeds (each runs every scenario kind); at least 20.")
    var seeds: Int = 20

    @Option(name: .long, help: "The first seed (1 for the tuning set; e.g. 101 for a held-out set).")
    var firstSeed: UInt64 = 1

    @Option(name: .long, help: "A TOML configuration file (defaults apply without one).")
    var config: String?

    @Option(name: .long, help: "Only these scenario kinds (comma-separated), for investigating; the full set is the score.")
    var only: String?

    @Option(name: .long, help: "Real recordings for the real-data section (UCI HAPT runs; default: the repository's Tests/Data/hapt, skipped with a note when absent).")
    var hapt: String?

    @Option(name: .long, help: "The first seed of the hard and routine scenarios (default: --first-seed + 100, held out from tuning).")
    var hardFirstSeed: UInt64?

    @Flag(name: .long, help: "Also score the hard scenarios (held-out seeds) and the real-data section (HAPT).")
    var hard = false

    @Flag(name: .long, help: "List every miss (missed or false alert, missed hold, ...) after the table.")
    var showMisses = false

    func validate() throws {
        guard files.isEmpty || files.count == 2 else {
            throw ValidationError("give both LABELS.json and EVENTS.jsonl, or neither (to score the generated set)")
        }
        guard seeds >= 20 else { throw ValidationError("--seeds: \(seeds) is below the minimum of 20") }
        guard seeds <= 10_000 else { throw ValidationError("--seeds: \(seeds) is above the maximum of 10000") }
    }

    func run() throws {
        var configuration = PostureConfiguration()
        var keysSet: Set<String> = []
        if let config {
            do { configuration = try PostureConfiguration.load(path: config, keysSet: &keysSet) } catch { throw CLIError(error.description) }
        }
        var total = ScoreTally()
        let title: String
        if files.count == 2 {
            let labels: ScenarioLabels
            do { labels = try ScenarioLabels.load(path: files[0]) } catch { throw CLIError(error.description) }
            let events: [PostureEvent]
            do { events = try EventsFile.read(path: files[1]) } catch { throw CLIError(error.description) }
            total.add(ScenarioRun(events: events, durationSeconds: labels.durationSeconds), labels: labels,
                      settings: configuration.pipeline)
            title = "\(labels.scenario) seed \(labels.seed) from files"
        } else {
            let kinds = try kinds()
            for seed in firstSeed..<(firstSeed + UInt64(seeds)) {
                for kind in kinds where !kind.isHard && !kind.isRoutine {
                    let (options, settings) = ScenarioRun.scoringSetup(kind, seed: seed, settings: configuration.pipeline)
                    let scenario = ScenarioSimulator.generate(kind, seed: seed, options: options)
                    total.add(ScenarioRun.replay(scenario, settings: settings), labels: scenario.labels, settings: settings)
                }
            }
            title = "seeds \(firstSeed)-\(firstSeed + UInt64(seeds) - 1)"
        }
        var reports = total.scenarios > 0 || files.count == 2 ? [total.report(title: title)] : []
        var failures = total.failures
        if files.isEmpty, let routines = try routineReport(configuration.pipeline, failures: &failures) { reports.append(routines) }
        // The hard set only when asked for (--hard, or a hard kind named in --only): not in CI yet.
        let hardAsked = try hard || (only != nil && kinds().contains(where: \.isHard))
        if files.isEmpty && hardAsked {
            reports += try hardReports(configuration.pipeline, explicit: PostureConfiguration.mountingKeys(set: keysSet),
                                       failures: &failures)
        }
        for report in reports { print(report.text, terminator: "") }
        if showMisses { for line in failures { print(line) } }
        let missed = reports.filter { !$0.allTargetsMet }
        if !missed.isEmpty {
            // Named once more at the end (after the tables, on stdout), so a CI log shows which failed.
            for report in missed {
                let rows = report.rows.filter { $0.verdict == .missed }.map(\.name)
                print("targets missed in \(report.title): \(rows.joined(separator: "; "))")
            }
            throw ExitCode(1)
        }
    }

    /// The hard scenarios on held-out seeds (the tuning seeds plus 100), and HAPT when present.
    func hardReports(_ settings: PipelineSettings, explicit: TraceMounting.ExplicitKeys,
                     failures: inout [String]) throws -> [ScoreReport] {
        var reports: [ScoreReport] = []
        let hardKinds = try kinds().filter(\.isHard)
        if !hardKinds.isEmpty {
            var hard = ScoreTally()
            var baselines = TypingBaselines()
            let first = hardFirstSeed ?? firstSeed + 100
            for seed in first..<(first + UInt64(seeds)) {
                for kind in hardKinds {
                    let scenario = ScenarioSimulator.generate(kind, seed: seed)
                    // Each hard scenario draws its own board mounting: the wearer configures its forward axis.
                    var own = settings
                    own.sensor.forwardAxis = scenario.options.forwardAxis
                    hard.add(ScenarioRun.replay(scenario, settings: own), labels: scenario.labels, settings: own)
                    if kind == .typingDesk { baselines.add(scenario, settings: own) }
                }
            }
            reports.append(hard.hardReport(
                title: "hard scenarios (\(hardKinds.map(\.rawValue).joined(separator: ", "))), held-out seeds \(first)-\(first + UInt64(seeds) - 1) (tuned on seeds 1-20)",
                baselines: baselines))
            failures += hard.failures
        }
        if only == nil, let report = try haptReport(settings, explicit: explicit) { reports.append(report) }
        return reports
    }

    /// The guided routines on held-out seeds (the tuning seeds plus 100), as the daemon runs them.
    func routineReport(_ settings: PipelineSettings, failures: inout [String]) throws -> ScoreReport? {
        let routineKinds = try kinds().filter(\.isRoutine)
        guard !routineKinds.isEmpty else { return nil }
        var score = RoutineScore()
        let first = hardFirstSeed ?? firstSeed + 100
        for seed in first..<(first + UInt64(seeds)) {
            for kind in routineKinds { score.add(kind, seed: seed, settings: settings) }
        }
        failures += score.failures
        return score.report(title: "guided routines (\(routineKinds.map(\.rawValue).joined(separator: ", "))), held-out seeds \(first)-\(first + UInt64(seeds) - 1) (tuned on seeds 1-20)")
    }

    /// HAPT replayed as a user replays it (placement and forward axis from each trace's
    /// `# mounting:`), with per-person accuracy and the worst person; nil when the default
    /// folder is absent (a folder given with --hapt must hold runs).
    func haptReport(_ settings: PipelineSettings, explicit: TraceMounting.ExplicitKeys) throws -> ScoreReport? {
        let folder = hapt ?? HaptScore.repositoryFolder
        let runs = HaptScore.runs(in: folder)
        guard !runs.isEmpty else {
            if hapt != nil { throw CLIError("--hapt: no HAPT runs (NAME.csv.gz with NAME.labels.gz) in \(folder)") }
            writeStandardError("posture: note: no HAPT runs in \(folder) (run from the repository's root, or give --hapt DIR): real-data section skipped\n")
            return nil
        }
        var real = HaptScore()
        var people: [Int: HaptScore] = [:]
        for run in runs {
            let one: HaptScore
            do { one = try real.add(run: run, folder: folder, settings: settings, explicit: explicit) } catch { throw CLIError(error.description) }
            let user = Int(run.split(separator: "_user").last ?? "") ?? 0
            people[user, default: HaptScore()].add(one)
        }
        var report = real.report(title: "real people (UCI HAPT in \(folder), placement from each trace's mounting)")
        var lines = real.table.split(separator: "\n").map { "  " + $0 }
        let perPerson = people.keys.sorted().map { "user \($0) \(DecimalFormatting.string(people[$0]?.accuracy ?? 0, fractionDigits: 3))" }
        lines.append("  per person: " + perPerson.joined(separator: ", "))
        if let worst = people.min(by: { $0.value.accuracy < $1.value.accuracy }) {
            lines.append("  worst person: " + worst.value.summary("user \(worst.key)"))
        }
        report.header = (report.header ?? "") + "\n" + lines.joined(separator: "\n")
        return report
    }

    /// The scenario kinds to run: all, or those of --only.
    func kinds() throws -> [ScenarioKind] {
        guard let only else { return ScenarioKind.allCases }
        var kinds: [ScenarioKind] = []
        for name in only.split(separator: ",") {
            guard let kind = ScenarioKind(rawValue: String(name)) else {
                throw CLIError("--only: '\(name)' is not a scenario kind (\(ScenarioKind.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            kinds.append(kind)
        }
        return kinds
    }
}
