public import Foundation

/// A command's evaluators, with the model calls their judges make on the context's HTTP
/// client: the cache, rate limits, retries, and a journal of their own (`<output>.judges`)
/// so an interrupted scoring resumes without paying twice.
public final class EvaluatorSet: Sendable {
    public let registry: EvaluatorRegistry
    /// Set only when some evaluator named is a judge.
    public let judge: JudgeCaller?

    /// `names` are every evaluator the command will build; `output` names the journal.
    /// `dryRun`: a judge's missing key is noted (`missingJudgeKey`), not an error.
    public init(context: RunContext, names: [String], useCache: Bool, output: URL, dryRun: Bool = false) throws {
        let project = context.project
        let plain = project.evaluatorRegistry
        guard plain.needsJudge(names) else {
            registry = plain
            judge = nil
            return
        }
        let defaults = project.config.defaults
        let judge = JudgeCaller(
            factory: context.factory, cache: useCache ? context.cache : nil,
            journal: try RunJournal(
                url: RunJournal.url(
                    forOutput: RunJob.outputKey(output.appendingPathExtension("judges"), in: project),
                    gitDirectory: project.repository.gitDirectory)),
            retry: RetryPolicy(maxRetries: defaults.maxRetries),
            requestsPerMinute: defaults.requestsPerMinute, tokensPerMinute: defaults.tokensPerMinute,
            defersKeyCheck: dryRun)
        self.judge = judge
        registry = EvaluatorRegistry(config: project.config, root: project.root, judge: judge)
    }

    /// Builds the evaluators `names`, before anything is sent (a bad one costs nothing).
    public func evaluators(named names: [String], usedBy: String) throws -> [any Evaluator] {
        try registry.evaluators(named: names, usedBy: usedBy)
    }

    /// In a dry run, a judge's key the environment lacks (a real run stops on it).
    public var missingJudgeKey: String? { judge?.missingKey }

    /// A dry run's missing judge key, as a warning: a real run stops on it.
    func reportMissingJudgeKey(to observer: any RunObserver) {
        if let missing = missingJudgeKey { observer.warning("\(missing) (a real run stops here)") }
    }

    /// What the judges spent; nil when there were none.
    public func ledger() async -> JudgeLedger? {
        await judge?.ledger
    }

    /// Removes the judges' journal once their judgements are written where they end up.
    public func finish() throws {
        try judge?.finish()
    }
}
