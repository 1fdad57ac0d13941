/// What `promptexp check` runs for a prompt: the `tests:` block of its front matter.
public struct TestsSpec: Hashable, Sendable {
    /// Repository-relative path of the dataset.
    public var dataset: String?
    /// Names of evaluators from the config or the built-ins.
    public var evaluators: [String]
    /// The models the prompt is evaluated on, by an experiment and by `check` alike (the
    /// gate's one rule); empty: the prompt's `model:`, else `defaults.model`.
    public var models: [String]
    /// `verdict: {sequential: true}`: experiments and `check` of this prompt decide
    /// sequentially (see `SequentialRun`); nil when the file does not say.
    public var sequential: Bool?

    public init(dataset: String? = nil, evaluators: [String] = [], models: [String] = [], sequential: Bool? = nil) {
        self.dataset = dataset
        self.evaluators = evaluators
        self.models = models
        self.sequential = sequential
    }
}
