import ArgumentParser

/// `posture bench`: throughput of tilt estimation, the pipeline and replay on the BROAD
/// trials. Heap allocations are counted by `posture-bench`, which interposes malloc.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Throughput of tilt estimation, the pipeline and replay (BROAD trials, one core).",
        discussion: """
            Build with -c release for meaningful figures: swift run -c release posture bench. \
            Allocation counts per sample: swift run -c release posture-bench.
            """,
        subcommands: [DaemonBenchCommand.self, TraceBenchCommand.self, ReplayBenchCommand.self])

    @OptionGroup var broad: BroadDataOptions

    func run() throws {
        try PostureBenchmark.run(data: broad.data, allocationCounter: nil) { print($0) }
    }
}
