/// A prompt version taking part in a run, under a label (`base`, `candidate`, `run`).
public struct RunVariant: Sendable {
    public let label: String
    public let promptID: String
    public let file: PromptFile
    public let blob: ObjectID
    /// The models this variant runs on, when not the plan's (a check whose new version
    /// switched model runs each version on its own).
    public let models: [ResolvedModel]?
    /// The files the prompt names (tools, a response schema), by path, with their blob
    /// ids: part of the version, as the prompt's own blob is.
    public let files: [String: ObjectID]

    public init(
        label: String, promptID: String, file: PromptFile, blob: ObjectID, models: [ResolvedModel]? = nil,
        files: [String: ObjectID] = [:]
    ) {
        self.label = label
        self.promptID = promptID
        self.file = file
        self.blob = blob
        self.models = models
        self.files = files
    }
}
