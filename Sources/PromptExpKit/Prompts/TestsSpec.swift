/// What `promptexp check` runs for a prompt: the `tests:` block of its front matter.
public struct TestsSpec: Hashable, Sendable {
    /// Repository-relative path of the dataset.
    public var dataset: String?
    /// Names of evaluators from the config or the built-ins.
    public var evaluators: [String]

    public init(dataset: String? = nil, evaluators: [String] = []) {
        self.dataset = dataset
        self.evaluators = evaluators
    }
}
