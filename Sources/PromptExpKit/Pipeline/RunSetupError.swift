/// What a run cannot start without.
public enum RunSetupError: PromptExpError {
    case noDataset
    case noLoggedOutputs(dataset: String)
    /// A file the run would write has a name the file system cannot hold: refused before
    /// anything is sent, not after every call was paid for.
    case pathTooLong(path: String, limit: String)
    /// `--sequential` with a way of running it cannot stop early in, or with nothing to
    /// decide on.
    case notSequential(String)

    public var description: String {
        switch self {
        case .notSequential(let reason): "--sequential \(reason)"
        case .noDataset: "no dataset: pass --dataset, or set tests.dataset in the prompt's front matter"
        case .pathTooLong(let path, let limit):
            "\(path): the results file's path is too long for the file system (\(limit)); use a shorter prompt id or --out"
        case .noLoggedOutputs(let dataset):
            "the base comes from the log, but no row of \(dataset) has an output: import the dataset from a request log (promptexp dataset import)"
        }
    }
}
