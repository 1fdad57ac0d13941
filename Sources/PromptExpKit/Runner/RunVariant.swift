/// A prompt version taking part in a run, under a label (`base`, `candidate`, `run`).
public struct RunVariant: Sendable {
    public let label: String
    public let promptID: String
    public let file: PromptFile
    public let blob: ObjectID
    /// The models this variant runs on, when not the plan's (a check whose new version
    /// switched model runs each version on its own).
    public let models: [ResolvedModel]?

    public init(label: String, promptID: String, file: PromptFile, blob: ObjectID, models: [ResolvedModel]? = nil) {
        self.label = label
        self.promptID = promptID
        self.file = file
        self.blob = blob
        self.models = models
    }
}
