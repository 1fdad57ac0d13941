/// What a run cannot start without.
public enum RunSetupError: PromptExpError {
    case noDataset
    case noLoggedOutputs(dataset: String)

    public var description: String {
        switch self {
        case .noDataset: "no dataset: pass --dataset, or set tests.dataset in the prompt's front matter"
        case .noLoggedOutputs(let dataset):
            "the base comes from the log, but no row of \(dataset) has an output: import the dataset from a request log (promptexp dataset import)"
        }
    }
}
