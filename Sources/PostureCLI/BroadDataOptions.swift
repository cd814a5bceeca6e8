import ArgumentParser

/// `--data`, the folder of BROAD traces, shared by `posture evaluate` and `posture bench`.
struct BroadDataOptions: ParsableArguments {
    @Option(name: .long, help: "Folder of BROAD traces (default: shared/data/broad found from the current directory upwards).")
    var data: String?
}
