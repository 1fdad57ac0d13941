public import Foundation

/// What a person asked of a run on the command line, before the project's defaults fill in
/// the rest: which rows, which models, how often, how fast and how dear.
public struct RunSettings: Sendable {
    /// A dataset path or name; nil for the prompt's `tests.dataset`.
    public var dataset: String?
    /// Model references (config names or provider/model); empty for the defaults.
    public var models: [String] = []
    public var sample: Int?
    /// Every row: undoes an experiment's earlier `--sample`.
    public var allRows = false
    public var seed: UInt64 = 0
    /// Nil when not given: 1, or an experiment's spec's.
    public var repeats: Int?
    /// Calls in flight at once; nil for `defaults.concurrency`.
    public var concurrency: Int?
    /// Dollars; nil for `defaults.max_cost`.
    public var maxCost: Double?
    /// Request parameters that override the prompt's.
    public var paramOverrides: [String: JSONValue] = [:]
    /// Estimate only: nothing is sent or written, no key is needed and no lock taken.
    public var dryRun = false
    public var useCache = true
    /// Send calls through the providers' batch APIs (half price, answered within 24 h).
    public var batch = false
    /// Run only this shard's calls, into a results part (`results.shard-I-of-N.jsonl`).
    public var shard: Shard?
    /// Join the results parts of a sharded run instead of calling: the files named, or
    /// (an empty list) the parts beside the results file.
    public var mergeParts: [URL]?
    /// Keep every answer whole in the results, however long (see
    /// `RunnerOptions.maxStoredOutputBytes`).
    public var keepLargeAnswers = false
    /// Stop as soon as the verdict is decided (`SequentialRun`), rows in the order of
    /// `seed`; also on by `verdict: {sequential: true}` in the config or the prompt.
    public var sequential = false

    public init() {}

    /// Whether `verdict: {sequential: true}` in `prompt`'s `tests:`, else in `config`,
    /// makes this run sequential. A run through batches, shards or a merge is not: those
    /// flags say how to send every call, and a default does not refuse them.
    func sequentialByDefault(for prompt: PromptFile?, in config: ProjectConfig) -> Bool {
        guard !batch, shard == nil, mergeParts == nil else { return false }
        return prompt?.frontMatter.tests?.sequential ?? config.verdict.sequential
    }
}
