import ArgumentParser
import PostureConfig
import PostureCore
import PostureEvaluation
import PostureSimulator

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
        let configuration: PostureConfiguration
        if let config {
            do { configuration = try PostureConfiguration.load(path: config) } catch { throw CLIError(error.description) }
        } else {
            configuration = PostureConfiguration()
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
                for kind in kinds {
                    let (options, settings) = ScenarioRun.scoringSetup(kind, seed: seed, settings: configuration.pipeline)
                    let scenario = ScenarioSimulator.generate(kind, seed: seed, options: options)
                    total.add(ScenarioRun.replay(scenario, settings: settings), labels: scenario.labels, settings: settings)
                }
            }
            title = "seeds \(firstSeed)-\(firstSeed + UInt64(seeds) - 1)"
        }
        let report = total.report(title: title)
        print(report.text, terminator: "")
        if showMisses { for line in total.failures { print(line) } }
        if !report.allTargetsMet { throw ExitCode(1) }
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
