/// Every path promptexp reads or writes, in one place. Paths in the working tree are
/// repository-relative (what is committed, or git-ignored beside it); paths under `.git/`
/// are relative to the git directory and private to one clone.
public enum ProjectLayout {
    // MARK: Working tree

    public static let prompts = "prompts"
    public static let datasets = "datasets"
    /// Where `dataset import` stores the images of logged requests, by hash.
    public static let importedImages = "datasets/images"
    public static let promptExtension = "prompt"
    /// Settings and experiment results.
    public static let settings = ".promptexp"
    public static let config = ".promptexp/config.yaml"
    /// The response cache (git-ignored).
    public static let cache = ".promptexp/cache"
    /// `promptexp run`'s results (git-ignored by `init`).
    public static let runs = ".promptexp/runs"
    public static let experiments = ".promptexp/experiments"

    /// `prompts/ID.prompt`.
    public static func prompt(_ id: String) -> String { "\(prompts)/\(id).\(promptExtension)" }

    /// Where `promptexp run` writes prompt `id`'s results by default.
    public static func runResults(_ id: String) -> String { "\(runs)/\(id).results.jsonl" }

    public static func experimentFolder(_ name: String) -> String { "\(experiments)/\(name)" }
    public static func experimentSpec(_ name: String) -> String { "\(experimentFolder(name))/experiment.yaml" }
    public static func experimentResults(_ name: String) -> String { "\(experimentFolder(name))/results.jsonl" }
    public static func experimentSummary(_ name: String) -> String { "\(experimentFolder(name))/summary.json" }
    public static func experimentReport(_ name: String) -> String { "\(experimentFolder(name))/report.md" }
    /// The batches an experiment run submitted to providers' batch APIs, while they run.
    public static func experimentBatches(_ name: String) -> String { "\(experimentFolder(name))/batches.json" }
    /// People's thumbs up or down on outputs, a JSON line each.
    public static func experimentLabels(_ name: String) -> String { "\(experimentFolder(name))/labels.jsonl" }

    // MARK: Under .git/

    /// Journals of runs in progress, by output.
    public static let journals = "promptexp/journal"
    /// Batch ledgers of `run` and `check`, by output.
    public static let batches = "promptexp/batches"
    /// Answers of ended batches, downloaded and read once.
    public static let batchDownloads = "promptexp/batches/downloads"
    /// One lock file per output being run.
    public static let locks = "promptexp/locks"
    /// Blobs copied out of git to be read as files.
    public static let blobs = "promptexp/blobs"
    /// Cached prompt histories.
    public static let history = "promptexp/history"
    /// Logs imported on the way to a sample.
    public static let importStaging = "promptexp/import"

    /// `check`'s results for prompt `id`.
    public static func checkResults(_ id: String) -> String { "promptexp/check/\(id).results.jsonl" }
    /// `exp compare`'s results for experiments `names`, under `.git/`.
    public static func compareResults(_ names: [String]) -> String {
        "promptexp/compare/\(names.joined(separator: "+")).results.jsonl"
    }
    /// The key `check`'s judge journal is named by.
    public static let checkJudges = "promptexp/check/check"
}
