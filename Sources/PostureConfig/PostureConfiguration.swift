import PosturePipeline

/// The whole configuration: what the pipeline needs and what the daemon needs.
/// Every field has a default, so an empty file is valid.
public struct PostureConfiguration: Equatable, Sendable {
    public var pipeline = PipelineSettings()
    public var daemon = DaemonSettings()

    public init() {}

    /// Every key the file may contain, in the order of the example file.
    public static var schema: [ConfigKeySpec] { pipelineKeys + daemonKeys }

    /// Section descriptions, in the order of the example file.
    public static var sectionDocs: [ConfigSectionDoc] { pipelineSectionDocs + daemonSectionDocs }
}
