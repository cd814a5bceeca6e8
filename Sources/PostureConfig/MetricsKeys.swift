// [metrics]: the Prometheus textfile (node_exporter's textfile collector reads it).

public struct MetricsSettings: Equatable, Sendable {
    /// "" = off. Must end in ".prom" for node_exporter to read it.
    public var textfilePath = ""
    public var intervalSeconds = 15.0
    public init() {}
}

extension PostureConfiguration {
    static var metricsKeys: [ConfigKeySpec] {
        [
            .string("metrics", "textfile", \.daemon.metrics.textfilePath,
                    allowed: "\"\" (off) or an absolute path ending in .prom",
                    doc: "A node_exporter textfile-collector file the daemon rewrites atomically (e.g. /var/lib/prometheus/node-exporter/posture.prom); \"\" = off.",
                    parse: { $0.isEmpty || ($0.hasPrefix("/") && $0.hasSuffix(".prom") && !$0.hasSuffix("/.prom")) ? $0 : nil },
                    format: { $0 }),
            .number("metrics", "interval_s", \.daemon.metrics.intervalSeconds, range: 1...3600,
                    doc: "How often the metrics file is rewritten, in seconds (also at exit)."),
        ]
    }
}
