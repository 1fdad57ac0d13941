public import Foundation

/// `run` as the pipeline runs it: one prompt version over a dataset, outside any
/// experiment, scored by the prompt's own evaluators, into a results file.
public struct PromptRun {
    public let project: Project
    public let prompt: ResolvedPrompt
    public let job: RunJob
    /// The prompt's `tests.evaluators`, as an experiment would score it.
    public let evaluatorNames: [String]

    /// `output`: the results file (default `.promptexp/runs/<prompt>.results.jsonl`).
    public init(project: Project, prompt: ResolvedPrompt, settings: RunSettings, output: URL?) throws {
        self.project = project
        self.prompt = prompt
        let variant = RunVariant(
            label: "run", promptID: prompt.id, file: prompt.file, blob: prompt.blob, files: prompt.files)
        job = try RunJob(
            project: project, variants: [variant],
            datasetName: settings.dataset ?? prompt.file.frontMatter.tests?.dataset,
            defaultModels: [prompt.file.frontMatter.model].compactMap { $0 }, settings: settings,
            output: output ?? project.root.appendingPathComponent(ProjectLayout.runResults(prompt.id)))
        evaluatorNames = prompt.file.frontMatter.tests?.evaluators ?? []
    }

    /// What `perform` wrote, and why the command must still fail (calls or evaluations failed).
    public struct Performed: Sendable {
        public let result: RunJob.Result
        /// The evaluators' names that scored it, by weight; empty when the run was not scored.
        public let scoredBy: [String]
        public let problem: RunFailed?
    }

    /// Builds the evaluators, takes the lock, runs the job through the one `RunSequence`,
    /// finishes the judges and drops the journal once the results are written; nil when
    /// nothing was written to report (see `RunSequence.run`).
    public func perform(
        in context: RunContext, evaluation: EvaluatorSet, observer: any RunObserver, batchPoll: Duration? = nil
    ) async throws -> Performed? {
        let evaluators =
            job.plan.shard != nil
            ? [] : try evaluation.evaluators(named: evaluatorNames, usedBy: Project.promptPath(for: prompt.id))
        evaluation.reportMissingJudgeKey(to: observer)
        // A dry run sends and writes nothing, so it needs no lock.
        let lock = job.dryRun ? nil : try job.lock()
        defer { lock?.release() }
        let sequence = RunSequence(job: job, evaluators: evaluators, observer: observer, batchPoll: batchPoll)
        guard let run = try await sequence.run(in: context) else { return nil }
        let scored = run.outcome.stop == nil && !evaluators.isEmpty
        if scored { try evaluation.finish() }
        if run.outcome.stop == nil { try job.discardJournal() }
        return Performed(
            result: run, scoredBy: scored ? Scorer(evaluators: evaluators).weights.keys.sorted() : [],
            problem: job.problem(with: run))
    }
}
