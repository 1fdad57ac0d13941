public import Foundation

/// `check` as the pipeline runs it: every changed prompt's old and new versions over its
/// dataset, one job each on one shared context, scored, compared and gathered into a
/// report with the reasons the gate must fail.
public struct CheckRun {
    /// What a finished check found.
    public struct Result: Sendable {
        public let report: ComparisonReport
        /// Per prompt, why calls failed (the check then exits 1 even without a regression).
        public let failedCalls: [String]
        /// Per prompt, why nothing was compared (a gate must not pass on no evidence).
        public let nothingCompared: [String]
    }

    public let project: Project
    public let plan: CheckPlan
    public let settings: RunSettings
    /// Keep every record in the subjects, for the formats that list each one (JUnit).
    public var keepingRecords = false

    public init(project: Project, request: CheckRequest, settings: RunSettings) throws {
        self.project = project
        self.settings = settings
        plan = try project.planCheck(request)
    }

    /// Every evaluator the targets use.
    public var evaluatorNames: [String] { plan.targets.flatMap(\.evaluators) }

    /// What names the judges' journal of a check.
    public var judgesJournalKey: URL {
        project.repository.gitDirectory.appendingPathComponent(ProjectLayout.checkJudges)
    }

    /// The job of one target: its two versions, each on its own models unless `--model`
    /// chose them, over its dataset (or the one `--dataset` names).
    public func job(for target: CheckTarget, committed: [any ResponseLookup]) throws -> RunJob {
        let variants = [target.base, target.candidate].map { variant in
            settings.models.isEmpty
                ? variant
                : RunVariant(
                    label: variant.label, promptID: variant.promptID, file: variant.file, blob: variant.blob,
                    files: variant.files)
        }
        let dataset = try settings.dataset.map(project.dataset) ?? target.dataset
        var bookkeeping = RunJob.Bookkeeping()
        bookkeeping.knownAnswers = { _ in committed }
        return try RunJob(
            project: project, variants: variants, dataset: dataset, defaultModels: [], settings: settings,
            output: project.repository.gitDirectory.appendingPathComponent(ProjectLayout.checkResults(target.prompt)),
            bookkeeping: bookkeeping)
    }

    /// Runs every target through the one `RunSequence`, each job under its lock, shown by
    /// `observer`. Returns nil for a dry run and a shard (the merge decides).
    public func run(
        in context: RunContext, evaluation: EvaluatorSet, observer: any CheckObserver, batchPoll: Duration? = nil
    ) async throws -> Result? {
        // Every evaluator is built before anything is sent, so a bad one costs nothing; a
        // shard's part is unscored and needs none.
        let evaluators = try plan.targets.map { target in
            settings.shard != nil
                ? [] : try evaluation.evaluators(named: target.evaluators, usedBy: ProjectLayout.prompt(target.prompt))
        }
        evaluation.reportMissingJudgeKey(to: observer)
        // The old side is usually free: any experiment's committed answers are reused.
        let committed = try project.repository.headCommit().map(project.committedExperimentAnswers(at:)) ?? []
        var subjects: [ComparisonSubject] = []
        var failedCalls: [String] = []
        // Targets whose calls still wait on provider batches: the check cannot decide.
        var waiting: [String] = []
        // Judges people do not agree with, on the prompt's experiments, decide nothing.
        var undecided: [String] = []
        for (target, evaluators) in zip(plan.targets, evaluators) {
            var job = try job(for: target, committed: committed)
            let trust = try project.judgeTrust(forPrompt: target.prompt, evaluators: target.evaluators)
            job.policy = trust.applied(to: job.policy)
            // A dry run sends and writes nothing, so it needs no lock.
            let lock = settings.dryRun ? nil : try job.lock()
            defer { lock?.release() }
            let before = await evaluation.ledger()
            observer.checking(target, plan: plan)
            if let warning = project.sizeWarning(prompt: target.prompt, rows: job.plan.rowCount) {
                observer.warning(warning)
            }
            let sequential =
                settings.sequential || settings.sequentialByDefault(for: target.candidate.file, in: project.config)
            var policy = job.policy
            var record: SequentialRecord?
            var judgesBeforeLastWave: JudgeLedger?
            let run: RunJob.Result
            if sequential {
                let waves = try SequentialRun(
                    job: job, evaluators: evaluators, observer: observer, seed: settings.seed,
                    judges: { await evaluation.ledger() })
                guard let finished = try await waves.run(in: context) else {
                    // Nothing sent: a dry run, or the question declined (no evidence, no pass).
                    if settings.dryRun { continue }
                    throw RunFailed("not decided: \(target.prompt) was not run")
                }
                (run, record) = (finished.result, finished.record)
                judgesBeforeLastWave = finished.judgesBeforeLastWave
                policy.sequentialOrder = settings.seed
            } else {
                let sequence = RunSequence(job: job, evaluators: evaluators, observer: observer, batchPoll: batchPoll)
                guard let finished = try await sequence.run(in: context) else {
                    // A shard writes its part; the merge decides.
                    if !settings.dryRun, settings.shard == nil { waiting.append(target.prompt) }
                    continue
                }
                run = finished
            }
            let outcome = run.outcome
            let digest = run.digest
            if outcome.stop != nil, let problem = job.problem(with: outcome) { throw problem }
            try job.discardJournal()
            var notes: [String] = record.map { [Project.sequentialNote($0)] } ?? []
            notes += trust.notes
            if (settings.repeats ?? 1) > 1 {
                notes += try project.judgeConsistencyNotes(
                    results: job.output, displayPath: job.outputPath, evaluators: target.evaluators)
            }
            if let nothing = trust.nothingLeft(of: target.evaluators) {
                notes.append(nothing)
                undecided.append("\(target.prompt): \(nothing)")
            }
            if outcome.summary.totalErrors > 0 {
                let message =
                    "\(outcome.summary.totalErrors) of \(counted(outcome.summary.totalCalls, "call")) failed; a failed call fails every evaluator"
                notes.append(message)
                failedCalls.append("\(target.prompt): \(message)")
            }
            if let after = await evaluation.ledger(), after.calls > (before?.calls ?? 0) {
                let spent = after.since(before ?? JudgeLedger())
                notes.append(
                    (judgesBeforeLastWave.map {
                        spent.countingTheLastWaveOnly(earlierWaves: $0.since(before ?? JudgeLedger()))
                    } ?? spent).line)
            }
            var source = ReportSource(
                prompt: target.prompt, baseLabel: plan.baseLabel, candidateLabel: plan.candidateLabel,
                dataset: job.plan.dataset,
                results: job.output, resultsDisplayPath: job.outputPath, weights: digest.comparison?.weights,
                policy: policy)
            source.notes = notes
            source.promptDiff = try TextDiff(old: target.base.file.text, new: target.candidate.file.text)
            source.fileDiffs = try project.referencedFileDiffs(
                base: target.base.files, candidate: target.candidate.files)
            source.keepingRecords = keepingRecords
            subjects.append(try source.subject())
        }
        if settings.dryRun || settings.shard != nil { return nil }
        if !waiting.isEmpty {
            throw RunFailed(
                "not decided: \(waiting.joined(separator: ", ")) \(waiting.count == 1 ? "waits" : "wait") on batches at the providers; run the same check again to collect them (or add --wait)"
            )
        }
        try evaluation.finish()
        var report = ComparisonReport(title: "promptexp check", subjects: subjects, unchecked: plan.unchecked)
        report.problems = plan.lostTests + failedCalls + undecided
        return Result(report: report, failedCalls: failedCalls, nothingCompared: subjects.compactMap(\.nothingCompared))
    }
}
