/// A named evaluator from the config: its kind and its settings, read by the evaluator itself.
public struct EvaluatorConfig: Hashable, Sendable {
    public var name: String
    public var kind: String
    /// Every other key of the entry, as given.
    public var settings: [String: JSONValue]
    public var location: SourceLocation?

    public init(name: String, kind: String, settings: [String: JSONValue] = [:], location: SourceLocation? = nil) {
        self.name = name
        self.kind = kind
        self.settings = settings
        self.location = location
    }
}
