/// A prompt version taking part in a run, under a label (`base`, `candidate`, `run`).
public struct RunVariant: Sendable {
    public let label: String
    public let promptID: String
    public let file: PromptFile
    public let blob: ObjectID

    public init(label: String, promptID: String, file: PromptFile, blob: ObjectID) {
        self.label = label
        self.promptID = promptID
        self.file = file
        self.blob = blob
    }
}
