/// A run that ended without all its answers: one line, exit code 1.
public struct RunFailed: PromptExpError {
    public let description: String
    public init(_ description: String) { self.description = description }
}
