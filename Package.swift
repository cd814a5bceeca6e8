// swift-tools-version:6.0
// posture: a posture-coaching daemon for Linux single-board computers.
//
// Layers (dependencies point downwards only):
//   posture (executable) -> PostureCLI
//   posture-bench (executable) -> PostureCLI, CAllocationCounter (malloc interposition, benchmark only)
//   PostureCLI -> PostureApp, PostureDaemon, PostureReport, PostureControl, PostureEvaluation, PostureSimulator, TraceRecording,
//                 MockIMU, GPIO, PostureConfig, ...
//   PostureApp -> PostureDaemon, PostureMQTT, MockIMU, MockGPIO, IMUDrivers, I2C   (program set-up of `posture run`:
//                                                         the hardware or the mocks, logging bootstrap, the poll loop)
//   PostureMQTT -> CMosquitto (libmosquitto), PostureControl  (Home Assistant discovery/state/commands, MQTT thread)
//   PostureEvaluation -> PosturePipeline, PostureSimulator, PostureTrace, TiltEstimation, SystemSupport,
//                    PostureCoaching, PostureControl (routines replayed with the daemon's runner)
//                    (replay engine, the scorer per metric, BROAD tilt evaluation; GoldenTests use it)
//   PostureDaemon -> PosturePipeline, PostureCoaching, PostureControl, PostureConfig, IMUDrivers, GPIO, I2C, GRDB,
//                    swift-log                            (the service: no mock module)
//   PostureReport -> PostureControl, PostureCoaching, PostureCore (pure: report page as HTML with inline SVG)
//   PostureControl -> PostureCoaching                     (typed control commands and responses, their JSON codec)
//   PostureConfig -> PostureCoaching, PosturePipeline, IMUDrivers (ChipCatalog: the allowed sensor.chip values),
//                    TOMLParsing
//                                                         (schema and parsing; the settings types are their modules')
//   PostureCoaching                                       (pure: nudger, vibration scheduler, button gestures, daily
//                                                          counters, their settings types)
//   TOMLParsing                                           (strict TOML 1.0 with key positions; no dependencies)
//   PosturePipeline -> TiltEstimation -> PostureCore      (pure, no I/O: also Quaternion, SplitMix64)
//   PostureSimulator -> PostureCore, PostureTrace, PostureCoaching (routine definitions the simulated wearer follows)
//   TraceRecording -> IMUDrivers, PostureTrace            (`posture record`'s loop)
//   IMUDrivers -> I2C -> CI2C (libi2c)                    (hardware access; ChipCatalog: the one chip table)
//   MockIMU -> IMUDrivers (ChipCatalog), I2C, PostureTrace (register-level simulation, trace-fed)
//   MockGPIO -> GPIO                                      (a gpiochip in memory)
//   GPIO -> CGPIOD (libgpiod 1.6 or 2.x, whichever headers are installed)
//   PostureTrace -> PostureCore, CZlib (zlib)             (posture-trace v1 format: streaming reader, file output, gzip)
//   PostureFuzzing -> the readers (trace, config, state, control, events, chip drivers, MQTT payloads)
//                                                         (fuzz targets' bodies; Fuzz/ is the libFuzzer package)
//   SystemSupport                                         (POSIX helpers, no dependencies: clocks, errno
//                                                          names, whole-file/atomic writes, sockets, signals, poll)
//   I2C, GPIO, IMUDrivers, MockIMU, MockGPIO, PostureTrace, PostureConfig, PostureDaemon, PostureApp, PostureCLI
//                                                      -> SystemSupport
//   libposture-gpio-uapi-emulator.so <- CGPIOUAPIEmulator (LD_PRELOAD only: GPIOTests run posture and libgpiod under it)
import PackageDescription

/// Release builds of the `posture` binary are what runs on the Pi, for months, in 512 MB: link them
/// self-contained (the Swift runtime and Foundation statically, so the Pi needs no Swift runtime
/// installed and only the code used is kept) with lld, packed relative relocations, and the
/// functions the daemon executes laid out together (Sources/posture/link-order.txt, made by
/// .ci/link-order from a profile of `posture run --mock`), so the daemon touches few code pages.
/// Together: about 16 MB resident instead of 28 MB (`posture bench daemon`). Debug builds and
/// the tests are unaffected.
let packageDirectory = String(#filePath.dropLast("/Package.swift".count))
let leanReleaseLinking: [LinkerSetting] = [
    .unsafeFlags([
        "-static-stdlib", "-use-ld=lld",
        // Modules compiled without -static-stdlib name only Foundation's shared libraries (which
        // bundle these); the static archives are split, so name the rest. A toolchain that renames
        // one fails here with "unable to find library", not silently.
        "-lCoreFoundation", "-l_FoundationICU", "-l_FoundationCShims", "-l_FoundationCollections",
        "-lswiftSynchronization",
        "-Xlinker", "-z", "-Xlinker", "pack-relative-relocs",
        "-Xlinker", "--no-export-dynamic",
        "-Xlinker", "--symbol-ordering-file=\(packageDirectory)/Sources/posture/link-order.txt",
        // Names of functions that a code change renamed or removed are skipped, not errors.
        "-Xlinker", "--no-warn-symbol-ordering",
        // Debug info stays (symbolicated backtraces) but takes a third of the disk space.
        "-Xlinker", "--compress-debug-sections=zlib",
    ], .when(platforms: [.linux], configuration: .release)),
]

let package = Package(
    name: "posture",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "posture", targets: ["posture"]),
        .executable(name: "posture-bench", targets: ["posture-bench"]),
        // The GPIO uAPI v1 emulator for LD_PRELOAD (tests of the libgpiod binding without a gpiochip).
        .library(name: "posture-gpio-uapi-emulator", type: .dynamic, targets: ["CGPIOUAPIEmulator"]),
        // The fuzz targets' bodies, for the libFuzzer package in Fuzz/ (which depends on this one by path).
        .library(name: "PostureFuzzing", targets: ["PostureFuzzing"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        // The POSIX helpers, written once: clocks, errno names, whole-file and atomic writes, writeAll,
        // Unix socket addresses, the signal watcher, the poll wait.
        .target(name: "SystemSupport"),
        // Pure domain types shared by every layer: vectors, samples, events.
        .target(name: "PostureCore"),
        // zlib (Debian zlib1g-dev): .csv.gz traces.
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        // posture-trace v1 reader and writer: streaming, plain or gzip.
        .target(name: "PostureTrace", dependencies: ["PostureCore", "SystemSupport", "CZlib"]),
        // Sensor fusion: the up direction and gyro bias from accelerometer and gyroscope.
        .target(name: "TiltEstimation", dependencies: ["PostureCore"]),
        // The detectors: calibration, posture, activity, sitting, stretch holds, bounces, jerks.
        .target(name: "PosturePipeline", dependencies: ["PostureCore", "TiltEstimation"]),
        // A trunk-worn IMU simulator producing labelled scenarios.
        .target(name: "PostureSimulator", dependencies: ["PostureCore", "PostureTrace", "PostureCoaching"]),
        // Replay of traces through the pipeline, and the scorer of detections against labels, per metric.
        .target(name: "PostureEvaluation", dependencies: [
            "PostureCore", "PostureTrace", "TiltEstimation", "PosturePipeline", "PostureSimulator", "SystemSupport",
            "PostureCoaching", "PostureControl",
        ]),
        // Coaching logic, pure: when a nudge plays (snooze, quiet hours, cooldowns, escalation),
        // vibration patterns in time, button gestures, the daily counters; and their settings.
        .target(name: "PostureCoaching"),
        // The control protocol: typed commands with their validation, responses, one JSON codec.
        .target(name: "PostureControl", dependencies: ["PostureCoaching", "PostureCore"]),
        // A strict TOML 1.0 parser that records the line and column of every key (no dependencies).
        .target(name: "TOMLParsing"),
        // The TOML configuration: schema, defaults, validation, documentation.
        .target(name: "PostureConfig", dependencies: [
            "PostureCore", "PosturePipeline", "PostureCoaching", "SystemSupport", "IMUDrivers",
            "TOMLParsing",
        ]),
        // libi2c (Debian libi2c-dev); no pkg-config file ships with it.
        .systemLibrary(name: "CI2C", providers: [.apt(["libi2c-dev"])]),
        // The I2C bus seam and its Linux implementation.
        .target(name: "I2C", dependencies: ["CI2C", "SystemSupport"]),
        // Chip drivers: MPU-6050 family, LSM6DS3, LSM6DSO/LSM6DSOX.
        .target(name: "IMUDrivers", dependencies: ["I2C", "PostureCore", "SystemSupport"]),
        // `posture record`'s loop: the supervised sensor into a posture-trace file.
        .target(name: "TraceRecording", dependencies: ["IMUDrivers", "I2C", "PostureCore", "PostureTrace", "SystemSupport"]),
        // Register-level simulations of the supported chips behind the I2C seam.
        .target(name: "MockIMU", dependencies: ["I2C", "IMUDrivers", "PostureCore", "PostureTrace", "SystemSupport"]),
        // libgpiod (Debian libgpiod-dev) behind one small C API, compiled for the generation whose
        // <gpiod.h> is installed: 1.6 on Debian 12 / Pi OS Bookworm, 2.x on Debian 13 / Trixie.
        .target(name: "CGPIOD", linkerSettings: [.linkedLibrary("gpiod")]),
        // The GPIO seam: output lines, input edges; libgpiod and mock implementations.
        .target(name: "GPIO", dependencies: ["CGPIOD", "SystemSupport"]),
        // A gpiochip in memory behind the GPIO seam (tests, `posture run --mock`).
        .target(name: "MockGPIO", dependencies: ["GPIO", "SystemSupport"]),
        // Fake /dev/gpiochipN devices behind LD_PRELOAD (kernel GPIO uAPI v1, as libgpiod 1.6 uses it).
        // Only ever loaded with LD_PRELOAD: no Swift target may depend on it.
        .target(name: "CGPIOUAPIEmulator"),
        // The service: sampling loop, nudges, button, control socket, state. No mocks.
        .target(name: "PostureDaemon", dependencies: [
            "PostureCore", "PosturePipeline", "PostureCoaching", "PostureControl", "PostureConfig",
            "IMUDrivers", "GPIO", "I2C", "SystemSupport",
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        // libmosquitto (Debian libmosquitto-dev), the MQTT client library.
        .systemLibrary(name: "CMosquitto", pkgConfig: "libmosquitto", providers: [.apt(["libmosquitto-dev"])]),
        // Home Assistant over MQTT: discovery, state, commands (pure), and the client on its own thread.
        .target(name: "PostureMQTT", dependencies: [
            "CMosquitto", "PostureControl", "PostureCore", "SystemSupport",
            .product(name: "Logging", package: "swift-log"),
        ]),
        // Program set-up of `posture run`: configuration, the hardware or the mocks, logging
        // bootstrap, the poll loop around the service.
        .target(name: "PostureApp", dependencies: [
            "PostureDaemon", "PostureConfig", "PostureCore", "PostureTrace", "IMUDrivers", "I2C", "MockIMU", "GPIO", "MockGPIO",
            "SystemSupport", "PostureMQTT", "PostureControl", "PosturePipeline",
            .product(name: "Logging", package: "swift-log"),
        ]),
        // `posture report`: a day's or week's events and counters as one self-contained HTML page
        // (inline SVG and CSS, no script). Pure: gathered figures in, text out.
        .target(name: "PostureReport", dependencies: ["PostureCore", "PostureCoaching", "PostureControl"]),
        // Subcommands of the `posture` tool.
        .target(name: "PostureCLI", dependencies: [
            "PostureReport", "PostureCore", "PostureTrace", "TiltEstimation", "PosturePipeline", "PostureSimulator", "PostureEvaluation",
            "PostureConfig", "PostureCoaching", "PostureControl", "I2C", "IMUDrivers", "TraceRecording", "MockIMU", "GPIO",
            "PostureDaemon", "PostureApp", "SystemSupport",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "posture", dependencies: ["PostureCLI"], exclude: ["link-order.txt"],
                         linkerSettings: leanReleaseLinking),
        // Counts heap allocations by interposing malloc & co.; linked only into posture-bench.
        .target(name: "CAllocationCounter"),
        // `posture bench` plus allocation counts: swift run -c release posture-bench
        .executableTarget(name: "posture-bench", dependencies: ["PostureCLI", "CAllocationCounter"], path: "Sources/PostureBench"),

        // The fuzz targets' bodies: one input through each reader (Fuzz/ runs them under libFuzzer,
        // FuzzRegressionTests replays the kept findings and seeds without it).
        .target(name: "PostureFuzzing", dependencies: [
            "PostureCore", "PostureTrace", "PostureConfig", "PostureControl", "PostureEvaluation", "PostureDaemon",
            "TOMLParsing", "IMUDrivers", "I2C", "SystemSupport", "PostureMQTT",
        ]),

        .testTarget(name: "SystemSupportTests", dependencies: ["SystemSupport"]),
        .testTarget(name: "PostureCoreTests", dependencies: ["PostureCore"]),
        .testTarget(name: "PostureTraceTests", dependencies: ["PostureTrace"]),
        .testTarget(name: "TiltEstimationTests", dependencies: ["TiltEstimation", "PostureTrace"]),
        .testTarget(name: "PosturePipelineTests", dependencies: ["PosturePipeline", "PostureSimulator", "PostureTrace", "PostureConfig"]),
        .testTarget(name: "PostureSimulatorTests", dependencies: ["PostureSimulator", "PostureCoaching"]),
        .testTarget(name: "TOMLParsingTests", dependencies: ["TOMLParsing"]),
        .testTarget(name: "PostureConfigTests", dependencies: ["PostureConfig", "PostureCoaching"]),
        .testTarget(name: "PostureCoachingTests", dependencies: ["PostureCoaching"]),
        .testTarget(name: "PostureControlTests", dependencies: ["PostureControl", "PostureCoaching"]),
        .testTarget(name: "HardwareTests", dependencies: ["I2C", "IMUDrivers", "TraceRecording", "MockIMU", "PostureCore", "PostureTrace", "SystemSupport"]),
        .testTarget(name: "GPIOTests", dependencies: ["GPIO", "MockGPIO", "SystemSupport"]),
        .testTarget(name: "PostureDaemonTests", dependencies: ["PostureDaemon", "PostureApp", "PostureCoaching", "PostureControl",
                                                          "MockIMU", "GPIO", "MockGPIO", "I2C", "IMUDrivers", "PostureConfig", "PostureCore",
                                                          "PosturePipeline", "PostureSimulator", "PostureEvaluation", "SystemSupport",
                                                          .product(name: "Logging", package: "swift-log"),
                                                          .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(name: "PostureCLITests", dependencies: ["PostureCLI", "PostureDaemon", "PostureCoaching", "PostureCore", "SystemSupport"]),
        .testTarget(name: "PostureReportTests", dependencies: ["PostureReport", "PostureCoaching", "PostureCore"]),
        // Against a real mosquitto broker started on loopback (skipped when mosquitto is not installed).
        .testTarget(name: "PostureMQTTTests", dependencies: ["PostureMQTT", "PostureControl", "PostureConfig"]),
        .testTarget(name: "PostureEvaluationTests", dependencies: ["PostureEvaluation", "PostureConfig", "PostureSimulator", "PostureTrace", "PostureCore", "PosturePipeline", "PostureCoaching"]),
        .testTarget(name: "FuzzRegressionTests", dependencies: ["PostureFuzzing"]),
        // Golden regression tests: traces under Tests/GoldenTests/Traces with their expected events.
        .testTarget(name: "GoldenTests", dependencies: ["PostureEvaluation", "PostureTrace", "PostureConfig"], exclude: ["Traces"]),
    ]
)
