// swift-tools-version:6.0
// Coverage-guided fuzzing of posture's readers with libFuzzer: one executable per target, each
// an `LLVMFuzzerTestOneInput` around a `FuzzTarget` of the root package's PostureFuzzing module.
// A separate package so that `swift build` at the root never sees these executables (they link
// only with `-sanitize=fuzzer`, which supplies libFuzzer's driver). Build and run: ../.ci/fuzz
import PackageDescription

let targets = ["trace", "gzip", "config", "state", "control", "events", "bus"]

let package = Package(
    name: "posture-fuzz",
    dependencies: [.package(name: "posture", path: "..")],
    targets: [.target(name: "CLibFuzzerDriver")] + targets.map {
        .executableTarget(name: "fuzz-\($0)", dependencies: ["CLibFuzzerDriver", .product(name: "PostureFuzzing", package: "posture")])
    }
)
