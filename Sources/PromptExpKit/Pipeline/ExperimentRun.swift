import Foundation

/// `exp run` as the pipeline runs it: the experiment's spec updated by the flags given,
/// base and candidate, the job over its dataset with the answers already known (the
/// results committed at HEAD, production's logged answers), and the evaluators that score
/// it. `outcome(of:)` and `commit` finish what the job ran.
public struct ExperimentRun {
    public let project: Project
    public let spec: ExperimentSpec
    public let base: RunVariant
    public let candidate: RunVariant
    public var job: RunJob
    /// The candidate prompt's `tests.evaluators` (one source: the file `check` reads), else
    /// the spec's; recorded in the spec.
    public let evaluatorNames: [String]
    /// With the base from the log: base calls whose row logged no output, sent instead.
    public let missingLoggedAnswers: Int
    /// People's labels on the experiment: they decide which judges count (`JudgeTrust`).
    let labels: [HumanLabel]

    /// Flags given here update the spec: dataset, models, sample and repeats.
    public init(project: Project, name: String, settings: RunSettings, baseFromLog: Bool) throws {
        self.project = project
        var spec = try project.experiment(named: name)
        if let dataset = settings.dataset {
            let file = try project.dataset(dataset)
            spec.dataset = .init(
                path: project.repository.relativePath(of: file.url) ?? file.displayPath,
                blob: Repository.hashBlob(try Data(contentsOf: file.url)))
        }
        // The gate's one rule: the models evaluated are the candidate's `tests.models` (what
        // `check` runs). `--model` sets them, and they are written into the candidate, so
        // the file says what was evaluated; without the flag, the file's say.
        let candidatePath = Self.candidatePath(spec, in: project)
        // An unreadable candidate is reported, with its line, when the variants are read.
        let working = FileManager.default.contents(atPath: candidatePath.url.path).flatMap {
            try? PromptFile(data: $0, path: candidatePath.path)
        }
        if !settings.models.isEmpty {
            spec.models = settings.models
        } else if let models = working?.frontMatter.tests?.models, !models.isEmpty {
            spec.models = models
        }
        if let working, project.evaluatedModels(of: working) != spec.models, !settings.dryRun {
            var editor = FrontMatterEditor(text: working.text)
            try editor.setTestsModels(spec.models, tests: working.frontMatter.tests, path: candidatePath.path)
            try AtomicFile.write(Data(editor.text.utf8), to: candidatePath.url.path)
        }
        // Each flag given sets its value, the default included (`--repeat 1` undoes an
        // earlier `--repeat 4`, `--all-rows` an earlier `--sample`); a flag not given keeps
        // the spec's.
        if let sample = settings.sample {
            spec.sampleSize = sample
            spec.sampleSeed = settings.seed
        } else if settings.allRows {
            spec.sampleSize = nil
            spec.sampleSeed = 0
        }
        if let repeats = settings.repeats { spec.repeats = repeats }
        if baseFromLog { spec.baseFromLog = true }
        // Sequential by the flag, the candidate's `tests: verdict:` or the config's; the
        // seed of its order is recorded, and a run over every row clears it.
        let sequential = settings.sequential || settings.sequentialByDefault(for: working, in: project.config)
        spec.sequentialSeed = sequential ? settings.seed : nil
        var effective = settings
        effective.sample = spec.sampleSize
        effective.seed = spec.sampleSeed
        effective.repeats = spec.repeats

        (base, candidate) = try project.experimentVariants(spec)
        if let named = candidate.file.frontMatter.tests?.evaluators, !named.isEmpty { spec.evaluators = named }
        evaluatorNames = spec.evaluators
        self.spec = spec
        let output = project.root.appendingPathComponent(ProjectLayout.experimentResults(name))
        var bookkeeping = RunJob.Bookkeeping()
        // Batches are recorded in the experiment's folder and committed on its branch
        // while they run, so any clone can collect them and finish the run.
        bookkeeping.ledger = project.root.appendingPathComponent(ProjectLayout.experimentBatches(name))
        let submitted = spec
        bookkeeping.onBatchesOpen = { report in try project.recordOpenBatches(submitted, report: report) }
        var missingLogged = 0
        bookkeeping.knownAnswers = { plan in
            var known: [any ResponseLookup] = try project.committedAnswers(name).map { [$0] } ?? []
            // With the base from the log, production's logged answers come first.
            if submitted.baseFromLog {
                let logged = try LoggedAnswers(plan: plan)
                guard logged.found > 0 else { throw RunSetupError.noLoggedOutputs(dataset: submitted.dataset.path) }
                missingLogged = logged.missing
                known.insert(logged, at: 0)
            }
            return known
        }
        job = try RunJob(
            project: project, variants: [base, candidate], datasetName: spec.dataset.path, defaultModels: spec.models,
            settings: effective, output: output, bookkeeping: bookkeeping)
        missingLoggedAnswers = missingLogged
        // The judges people disagree with on the outputs committed so far do not count in
        // this run's verdict (nor stop a sequential run); `perform` looks again at the
        // outputs as they come out.
        labels = try project.labels(of: name)
        let committed = try project.repository.headCommit().flatMap { head in
            try project.repository.blobID(at: ProjectLayout.experimentResults(name), in: head).map {
                try project.file(ProjectLayout.experimentResults(name), blob: $0)
            }
        }
        let trust = try project.judgeTrust(
            labels: labels, results: committed, displayPath: ProjectLayout.experimentResults(name),
            evaluators: evaluatorNames)
        job.policy = trust.applied(to: project.verdictPolicy(for: spec))
    }

    /// The candidate's working file, and its path as messages name it.
    private static func candidatePath(_ spec: ExperimentSpec, in project: Project) -> (url: URL, path: String) {
        let path = Project.promptPath(for: spec.prompt)
        return (project.repository.workingFile(path), path)
    }

    /// What `perform` did: the outcome, the commit it made (nil when nothing changed or
    /// committing was not asked for), and why the command must still fail (calls failed).
    public struct Performed: Sendable {
        public let outcome: ExperimentOutcome
        public let commit: ObjectID?
        public let problem: RunFailed?
    }

    /// The whole of `exp run` after the spec: builds the evaluators (before anything is
    /// sent, so a bad one costs nothing), takes the lock, runs the job through the one
    /// `RunSequence` (`observer` shows it and may decline: nil; so do a dry run, batches
    /// still open and a shard's part), commits the scored results on the branch, and only
    /// then drops the journals, so a kill at any point resumes for free. A run stopped
    /// early throws why, with its finished calls kept.
    public mutating func perform(
        in context: RunContext, evaluation: EvaluatorSet, commit: Bool, observer: any RunObserver,
        batchPoll: Duration? = nil
    ) async throws -> Performed? {
        // A shard's part is unscored: its machine needs no judge (nor a judge's key).
        let evaluators =
            job.plan.shard != nil
            ? [] : try evaluation.evaluators(named: evaluatorNames, usedBy: ProjectLayout.experimentSpec(spec.name))
        evaluation.reportMissingJudgeKey(to: observer)
        if job.plan.shard == nil, !evaluators.isEmpty,
            let warning = project.sizeWarning(prompt: spec.prompt, rows: job.plan.rowCount)
        {
            observer.warning(warning)
        }
        // A dry run sends and writes nothing, so it needs no lock.
        let lock = job.dryRun ? nil : try job.lock()
        defer { lock?.release() }
        let run: RunJob.Result
        var sequential: SequentialRecord?
        var judgesBeforeLastWave: JudgeLedger?
        if let seed = spec.sequentialSeed {
            let waves = try SequentialRun(
                job: job, evaluators: evaluators, observer: observer, seed: seed,
                judges: { await evaluation.ledger() })
            guard let finished = try await waves.run(in: context) else { return nil }
            (run, sequential, judgesBeforeLastWave) = (finished.result, finished.record, finished.judgesBeforeLastWave)
        } else {
            let sequence = RunSequence(job: job, evaluators: evaluators, observer: observer, batchPoll: batchPoll)
            guard let finished = try await sequence.run(in: context) else { return nil }
            run = finished
        }
        // The calls are done: the committed answers' index need not outlive them.
        job.releaseKnownAnswers()
        project.repository.checkpoint("results-written")
        if run.outcome.stop != nil, let problem = job.problem(with: run.outcome) { throw problem }
        // A run whose every call failed is no evidence of anything: it is not committed
        // (the failures are in the results file on disk, and the journal keeps nothing paid).
        let summary = run.outcome.summary
        if summary.totalCalls > 0, summary.totalErrors == summary.totalCalls, let problem = job.problem(with: run) {
            throw RunFailed("every call failed, so nothing was committed: \(problem.description)")
        }
        let trust = try project.judgeTrust(
            labels: labels, results: job.output, displayPath: job.outputPath, evaluators: evaluatorNames)
        var judges = await evaluation.ledger()
        if let earlier = judgesBeforeLastWave {
            judges = judges?.countingTheLastWaveOnly(earlierWaves: earlier)
        }
        var result = outcome(of: try judgedAgain(run, trust: trust), judges: judges)
        result.judgeNotes = trust.notes + (trust.nothingLeft(of: evaluatorNames).map { [$0] } ?? [])
        result.sequential = sequential
        let made = try self.commit(result, commit: commit)
        try evaluation.finish()
        if run.outcome.stop == nil { try job.discardJournal() }
        return Performed(outcome: result, commit: made, problem: job.problem(with: run))
    }

    /// The run's results compared again when the labels now say otherwise of a judge than
    /// before the run (its outputs changed, so labels went stale or came to count): the
    /// summary's verdict is then the one the report, `promote` and the view compute.
    private func judgedAgain(_ run: RunJob.Result, trust: JudgeTrust) throws -> RunJob.Result {
        guard trust.notCounted != job.policy.notCounted else { return run }
        var digest = ResultsDigest.Builder(
            weights: project.evaluatorWeights(evaluatorNames), policy: trust.applied(to: job.policy))
        var rows = ResultRowReader(url: job.output, displayPath: job.outputPath)
        while let row = try rows.next() { for record in row { digest.add(record) } }
        return RunJob.Result(outcome: run.outcome, digest: digest.finish())
    }

    /// What the job's run found, base against candidate, with what its judges cost.
    public func outcome(of run: RunJob.Result, judges: JudgeLedger?) -> ExperimentOutcome {
        var result = ExperimentOutcome(
            spec: spec, candidateBlob: candidate.blob, summary: run.outcome.summary, digest: run.digest)
        result.candidateFiles = candidate.files
        result.judges = judges
        return result
    }

    /// Commits the run on `exp/NAME` (see `Project.recordExperimentRun`); nil when nothing
    /// was committed.
    public func commit(_ result: ExperimentOutcome, commit: Bool) throws -> ObjectID? {
        try project.recordExperimentRun(result, commit: commit)
    }
}
