public import Foundation

/// One run of prompts over a dataset, as `run`, `exp run` and `check` each configure it:
/// the plan (rows × variants × models × repeats), how it runs, where its results go, and
/// the answers already paid for. It estimates, locks, runs and says why a run that stopped
/// must fail; scoring, comparing and committing follow in `Project`.
public struct RunJob {
    public let project: Project
    public private(set) var plan: RunPlan
    /// How its results are compared: the config's `verdict:`, with a sequential run's
    /// order when it has one.
    public var policy: VerdictPolicy
    public let options: RunnerOptions
    public let output: URL
    public let dryRun: Bool
    /// Whole, one shard, or a merge of the shards' parts.
    public let mode: RunMode
    /// Calls go through the providers' batch APIs (see `advanceBatches`): asked for, or a
    /// ledger of batches already submitted for this output is there to collect.
    public let batch: Bool
    /// Where batch mode records its batches: under `.git/` by default; an experiment's
    /// is in its folder, committed on its branch.
    public let ledgerURL: URL
    /// Called while batches are still open after a pass (an experiment commits its ledger).
    public let onBatchesOpen: ((BatchRun.Report) throws -> Void)?
    /// Answers already paid for (an experiment's earlier results, a log's outputs):
    /// reused, not paid again. Looked up after the journal, before the cache.
    public private(set) var committed: [any ResponseLookup]

    /// What a job knows besides the plan: where its batches are recorded and what to do
    /// while they are open, and the answers it may reuse, made from the validated plan.
    public struct Bookkeeping {
        /// The batch ledger; nil for the default under `.git/`.
        public var ledger: URL?
        public var onBatchesOpen: ((BatchRun.Report) throws -> Void)?
        /// Made once the plan is validated, so an index of answers and the plan's
        /// duplicate-id check are never in memory together.
        public var knownAnswers: (RunPlan) throws -> [any ResponseLookup] = { _ in [] }

        public init() {}
    }
    /// What a person should know before the run starts (a concurrency lowered to what the
    /// process can open); reported as warnings when the run starts.
    public let notes: [String]

    /// A job over the dataset named `datasetName` (a path or a name under datasets/).
    public init(
        project: Project, variants: [RunVariant], datasetName: String?, defaultModels: [String], settings: RunSettings,
        output: URL, bookkeeping: Bookkeeping = Bookkeeping()
    ) throws {
        guard let datasetName else { throw RunSetupError.noDataset }
        try self.init(
            project: project, variants: variants, dataset: try project.dataset(datasetName),
            defaultModels: defaultModels, settings: settings, output: output, bookkeeping: bookkeeping)
    }

    public init(
        project: Project, variants: [RunVariant], dataset: DatasetFile, defaultModels: [String], settings: RunSettings,
        output: URL, bookkeeping: Bookkeeping = Bookkeeping()
    ) throws {
        self.project = project
        policy = project.config.verdict
        dryRun = settings.dryRun
        let ledger =
            bookkeeping.ledger
            ?? project.repository.gitDirectory.appendingPathComponent(
                "\(ProjectLayout.batches)/\(RunJournal.key(forOutput: Self.outputKey(output, in: project))).json")
        ledgerURL = ledger
        batch = settings.batch || FileManager.default.fileExists(atPath: ledger.path)
        onBatchesOpen = bookkeeping.onBatchesOpen
        let config = project.config
        let references = config.modelReferences(requested: settings.models, defaults: defaultModels)
        // A variant may name its own models (each side of a check runs on its own `model:`).
        guard !references.isEmpty || variants.allSatisfy({ $0.models != nil }) else { throw ProviderSetupError.noModel }
        var models: [ResolvedModel] = []
        for reference in references { models.append(try config.resolveModel(reference)) }
        let plan = try RunPlan(
            dataset: dataset, variants: variants, models: models, repeats: settings.repeats ?? 1,
            paramOverrides: settings.paramOverrides, imageRoot: project.root
        ).validated(sample: settings.sample, seed: settings.seed, shard: settings.shard)
        self.plan = plan
        // A shard writes its part beside the results file; the merge writes the file.
        self.output = settings.shard?.partURL(for: output) ?? output
        try Self.requireWritableName(self.output, in: project)
        if let shard = settings.shard {
            mode = .shard(shard)
        } else if let parts = settings.mergeParts {
            mode =
                parts.isEmpty
                ? .merge(parts: Self.parts(beside: output), discovered: true) : .merge(parts: parts, discovered: false)
        } else {
            mode = .whole
        }
        let (concurrency, note) = OpenFilesLimit.clamp(settings.concurrency ?? config.defaults.concurrency)
        notes = note.map { [$0] } ?? []
        var options = RunnerOptions(
            concurrency: concurrency,
            retry: RetryPolicy(maxRetries: config.defaults.maxRetries),
            maxCost: settings.maxCost ?? config.defaults.maxCost,
            useCache: settings.useCache,
            requestsPerMinute: config.defaults.requestsPerMinute,
            tokensPerMinute: config.defaults.tokensPerMinute)
        if settings.keepLargeAnswers { options.maxStoredOutputBytes = nil }
        self.options = options
        committed = try bookkeeping.knownAnswers(plan)
    }

    /// The job over the rows on `lines` only (one wave of a sequential run): same output,
    /// journal and answers known.
    public func restricted(toLines lines: Set<Int>) -> RunJob {
        var job = self
        job.plan = plan.restricted(toLines: lines)
        return job
    }

    /// Lets go of the answers' index once the calls are done: it need not outlive them.
    public mutating func releaseKnownAnswers() { committed = [] }

    /// Where finished calls are kept while the run goes on (under `.git/promptexp/`).
    public var journalURL: URL {
        RunJournal.url(forOutput: Self.outputKey(output, in: project), gitDirectory: project.repository.gitDirectory)
    }

    /// Bytes the temporary names beside a file add to its name (`.NAME.PID.partial`,
    /// `NAME.RANDOM.tmp`).
    static let temporarySuffixBytes = 24

    /// Refuses an output whose name, or whose temporary names, the file system cannot hold
    /// (255 bytes a name, 4,096 a path), before a call is made.
    static func requireWritableName(_ output: URL, in project: Project) throws {
        let display = project.repository.relativePath(of: output) ?? output.path
        for component in output.pathComponents
        where component.utf8.count + temporarySuffixBytes > Int(NAME_MAX) {
            throw RunSetupError.pathTooLong(
                path: display,
                limit:
                    "'\(component.prefix(40))…' is \(component.utf8.count) bytes; a name can have \(Int(NAME_MAX) - temporarySuffixBytes)"
            )
        }
        if output.path.utf8.count + temporarySuffixBytes > Int(PATH_MAX) {
            throw RunSetupError.pathTooLong(path: display, limit: "at most \(Int(PATH_MAX)) bytes a path")
        }
    }

    /// What the journal, lock and batch ledger of `output` are named by: its path relative to
    /// the repository when inside it (a copy or move of the repository keeps its journal),
    /// else its absolute path.
    static func outputKey(_ output: URL, in project: Project) -> String {
        project.repository.relativePath(of: output) ?? output.standardizedFileURL.path
    }

    /// The results file as messages name it: repository-relative when inside it.
    public var outputPath: String {
        project.repository.relativePath(of: output) ?? output.path
    }

    /// Takes this output's lock, so a second process running it refuses at once instead of
    /// paying for every call again. Held until released or the process ends.
    public func lock() throws -> ProcessLock {
        try ProcessLock.acquire(
            at: RunJournal.lockURL(
                forOutput: Self.outputKey(output, in: project), gitDirectory: project.repository.gitDirectory),
            subject: outputPath)
    }

    /// Removes the journal (and a finished batch ledger, and results parts found beside the
    /// results and merged into them) once the results are durable where they end up.
    public func discardJournal() throws {
        try RunJournal.remove(at: journalURL)
        if batch { try RunJournal.remove(at: ledgerURL) }
        if case .merge(let parts, discovered: true) = mode {
            for part in parts { try? FileManager.default.removeItem(at: part) }
        }
    }

    /// The ledger as messages name it.
    public var ledgerPath: String {
        project.repository.relativePath(of: ledgerURL) ?? ledgerURL.path
    }

    /// Whether some of the plan's calls go through a provider's batch API (batch mode, and
    /// a provider that has one).
    public var sendsBatches: Bool { !batchedProviders.isEmpty }

    /// Providers whose calls batch mode prices and sends as batches.
    private var batchedProviders: Set<String> {
        batch ? Set(plan.allModels.map(\.provider).filter(\.offersBatchAPI).map(\.name)) : []
    }

    /// One pass of batch mode: collects ended batches into the journal and submits what
    /// nothing answers yet (see `BatchRun`). The run completes once the report says so.
    public func advanceBatches(
        in context: RunContext, onEvent: @escaping @Sendable (BatchEvent) -> Void = { _ in }
    ) async throws -> BatchRun.Report {
        guard sendsBatches else { throw BatchError.noBatchProvider(models: plan.allModels.map(\.name)) }
        let journal = try RunJournal(url: journalURL)
        var run = BatchRun(
            plan: plan, providers: try context.providers(for: plan.allModels),
            lookups: lookups(in: context, journal: journal), journal: journal,
            cache: options.useCache ? context.cache : nil, ledgerURL: ledgerURL, ledgerPath: ledgerPath,
            downloads: project.repository.gitDirectory.appendingPathComponent(ProjectLayout.batchDownloads))
        let repository = project.repository
        run.checkpoint = { repository.checkpoint($0) }
        run.maxCost = options.maxCost
        run.onEvent = onEvent
        return try await run.advance()
    }

    /// Batch mode up to the run: passes of `advanceBatches` until nothing waits on a
    /// batch, or, without `poll`, after one pass. Between passes it sleeps `poll` (in
    /// steps, so `control` stops it within a second). The returned report says whether
    /// the run can now complete.
    public func awaitBatches(
        in context: RunContext, poll: Duration?, control: RunControl = RunControl(),
        clock: any Clock<Duration> = ContinuousClock(),
        onEvent: @escaping @Sendable (BatchEvent) -> Void = { _ in }
    ) async throws -> BatchRun.Report {
        while true {
            let report = try await advanceBatches(in: context, onEvent: onEvent)
            if report.isComplete { return report }
            try onBatchesOpen?(report)
            guard let poll else { return report }
            var waited = Duration.zero
            while waited < poll {
                if control.isStopped { return report }
                let step = min(poll - waited, .seconds(1))
                try await clock.sleep(for: step)
                waited += step
            }
        }
    }

    /// The batches this job's ledger records, and the requests they failed.
    public func ledger() throws -> BatchLedger {
        try BatchLedger.load(from: ledgerURL, displayPath: ledgerPath)
    }

    /// Answers found before anything is sent, in the order they are trusted.
    private func lookups(in context: RunContext, journal: RunJournal) -> [any ResponseLookup] {
        [journal] + committed + (options.useCache ? [context.cache] : [])
    }

    /// The keys the run's providers need and the environment lacks, as errors: checked
    /// before the plan is shown, so a run never asks "Run?" to fail after the answer. A dry
    /// run needs no key: it shows these as warnings and still estimates.
    public func missingKeys(in context: RunContext) -> [ProviderSetupError] {
        var missing: [ProviderSetupError] = []
        var seen: Set<String> = []
        for model in plan.allModels where seen.insert(model.provider.name).inserted {
            do {
                _ = try context.factory.provider(for: model.provider)
            } catch {
                missing.append(error)
            }
        }
        return missing
    }

    /// What the run would send and cost; sends nothing and needs no key. Answer lengths
    /// come from what is known (see `CostEstimate`).
    /// `evaluators`' judges are planned and priced with the model calls.
    public func estimate(in context: RunContext, evaluators: [any Evaluator] = []) throws -> CostEstimate {
        let journal = try RunJournal(url: journalURL)
        let runner = Runner(
            providers: [:], options: options, lookups: lookups(in: context, journal: journal), cache: nil, journal: nil)
        var history = OutputTokenHistory()
        try history.addResults(at: output, displayPath: outputPath)
        try history.addLoggedOutputs(of: plan.dataset)
        var held: Set<String> = []
        if batch {
            let ledger = try ledger()
            for entry in ledger.open { held.formUnion(entry.requestHashes) }
            held.formUnion(ledger.failures.keys)
        }
        var estimate = try runner.estimate(plan, history: history, batched: batchedProviders, held: held)
        estimate.addJudges(evaluators.compactMap(\.judgeUse))
        return estimate
    }

    /// What a run wrote: the runner's outcome, and the digest of the results as written
    /// (scored when there were evaluators and the run completed).
    public struct Result: Sendable {
        public let outcome: Runner.Outcome
        public let digest: ResultsDigest
    }

    /// Runs the plan, scores each row with `evaluators` as it is written, and writes the
    /// results to `output` once. Every provider is made (and its key checked) before the
    /// first call.
    public func run(
        in context: RunContext, evaluators: [any Evaluator] = [], control: RunControl = RunControl(),
        onEvent: @escaping @Sendable (RunEvent) -> Void = { _ in }
    ) async throws -> Result {
        let journal = try RunJournal(url: journalURL)
        for note in notes + placeholderKeyNotes(in: context) { onEvent(.warning(note)) }
        // In batch mode the journal holds what the batches answered, already reported.
        if journal.count > 0, !batch { onEvent(.resuming(finishedCalls: journal.count)) }
        var options = self.options
        // The judges' calls count against `--max-cost` like the models': each answered
        // output holds back, and then spends, what judging it is estimated to cost.
        if options.maxCost != nil, evaluators.contains(where: { $0.judgeUse != nil }) {
            options.judgeCostPerOutput = try estimate(in: context, evaluators: evaluators).judgeCostPerOutput
        }
        var runner = Runner(
            providers: try context.providers(for: plan.allModels), options: options,
            lookups: lookups(in: context, journal: journal), cache: options.useCache ? context.cache : nil,
            journal: journal,
            control: control, onEvent: onEvent)
        if batch {
            // What the batches failed is recorded as failed, not sent again directly.
            let ledger = try ledger()
            var byHash: [String: String] = [:]
            for entry in ledger.entries {
                for hash in entry.requestHashes { byHash[hash] = entry.id ?? entry.label }
            }
            runner.batchFailures = ledger.failures.reduce(into: [:]) { failures, failure in
                failures[failure.key] = .batch(id: byHash[failure.key] ?? "?", message: failure.value)
            }
        }
        // A shard's part is unscored (a row's calls are spread over the parts) and starts
        // with the plan it belongs to, for the merge to check.
        let header = try plan.shard.map { try $0.headerLine(fingerprint: plan.fingerprint(), calls: plan.callCount) }
        let sink = try ScoringSink(
            target: output, plan: plan, evaluators: plan.shard == nil ? evaluators : [],
            policy: policy, header: header)
        let outcome = try await runner.run(plan, into: sink)
        // `finish` has run, so the digest is there.
        guard let digest = await sink.result else { throw RunFailed("the results of \(outputPath) were not finished") }
        return Result(outcome: outcome, digest: digest)
    }

    /// A warning for each provider whose key looks like a placeholder: it is blanked from
    /// answers only where it appears whole (see `SecretRedactor`). Never quotes the key.
    private func placeholderKeyNotes(in context: RunContext) -> [String] {
        var notes: [String] = []
        var seen: Set<String> = []
        for model in plan.allModels where seen.insert(model.provider.name).inserted {
            guard let variable = model.provider.apiKeyEnv, let key = context.environment[variable], !key.isEmpty,
                !SecretRedactor.isSecretLike(key)
            else { continue }
            notes.append(
                "the key in \(variable) (provider '\(model.provider.name)') looks like a placeholder: it is blanked from answers only where it appears whole"
            )
        }
        return notes
    }

    /// The results parts of a sharded run lying beside a results file
    /// (`results.shard-I-of-N.jsonl`), as a CI job downloads them.
    static func parts(beside output: URL) -> [URL] {
        let folder = output.deletingLastPathComponent()
        let stem = output.deletingPathExtension().lastPathComponent + ".shard-"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasPrefix(stem) && Shard(partName: $0) != nil }.sorted().map {
            folder.appendingPathComponent($0)
        }
    }

    /// Joins the results parts of a sharded run into this job's results file, in the plan's
    /// order, scoring each row with `evaluators` as it is written: the file one machine
    /// running the whole plan would have written. Refuses, writing nothing, unless the parts
    /// hold exactly the plan's calls (see `ShardParts`).
    public func merge(parts urls: [URL], evaluators: [any Evaluator] = []) async throws -> Result {
        var parts = try ShardParts(urls: urls, fingerprint: try plan.fingerprint()) {
            project.repository.relativePath(of: $0) ?? $0.path
        }
        let sink = try ScoringSink(target: output, plan: plan, evaluators: evaluators, policy: policy)
        var summary = RunSummary(plan: plan)
        do {
            var calls = try plan.calls()
            while let call = try calls.next() {
                guard let record = try parts.take(call) else { continue }
                summary.add(record, reused: false)
                try await sink.write(record, row: call.row)
            }
            try parts.finish()
            try await sink.finish(complete: true)
        } catch {
            await sink.abandon()
            throw error
        }
        guard let digest = await sink.result else { throw RunFailed("the results of \(outputPath) were not finished") }
        return Result(outcome: Runner.Outcome(summary: summary, stop: nil), digest: digest)
    }

    /// Why the command must exit 1 after this run: stopped early, calls failed, or
    /// evaluations could not be made (a judge that failed or answered nonsense): missing
    /// evidence is never a pass.
    public func problem(with result: Result) -> RunFailed? {
        if let problem = problem(with: result.outcome) { return problem }
        let errors = result.digest.variants.reduce(0) { $0 + $1.evaluationErrors }
        guard errors > 0 else { return nil }
        return RunFailed(
            "\(counted(errors, "evaluation")) could not be made (an evaluator or judge failed); their errors are in \(outputPath)"
        )
    }

    /// Why the command must exit 1 after this outcome: stopped early, or calls failed.
    public func problem(with outcome: Runner.Outcome) -> RunFailed? {
        switch outcome.stop {
        case .budget(let limit, let spent)?:
            return RunFailed(
                "stopped by --max-cost \(NumberText.moneyLimit(limit)) after spending \(NumberText.money(spent)): finished calls are kept; run again with a higher limit to go on"
            )
        case .refused(let provider, let status, let message, let variable)?:
            let key = variable.map { " (\($0))" } ?? ""
            let what =
                status == 404
                ? "the model or endpoint is not there: check the model's name and the provider's base_url"
                : "the key was refused: check\(variable.map { " \($0)" } ?? " the key")"
            return RunFailed(
                "provider \(provider): \(status) \(message)\(key): stopped at the first such answer, nothing committed; \(what)"
            )
        case .interrupted?:
            return RunFailed("interrupted: finished calls are kept; run the same command again to resume")
        case nil:
            let summary = outcome.summary
            guard summary.totalErrors > 0 else { return nil }
            return RunFailed(
                "\(summary.totalErrors) of \(counted(summary.totalCalls, "call")) failed; their errors are in \(outputPath)"
            )
        }
    }
}
