public import Foundation

/// `exp compare` as the pipeline runs it: the base and each experiment's committed
/// candidate over the experiments' one dataset and models, in one job, every call already
/// committed on any of the branches reused (a rerun of the same calls is free), through the
/// one `RunSequence`; then every variant against every other (`MultiComparison`).
public struct ExperimentComparisonRun {
    public let project: Project
    public let specs: [ExperimentSpec]
    public let job: RunJob
    public var evaluatorNames: [String] { specs[0].evaluators }

    public init(project: Project, names: [String], settings: RunSettings) throws {
        self.project = project
        specs = try project.comparableExperiments(names)
        let first = specs[0]
        let variants = [try project.experimentBase(first)] + (try specs.map(project.committedCandidate))
        var effective = settings
        effective.sample = first.sampleSize
        effective.seed = first.sampleSeed
        effective.repeats = first.repeats
        effective.models = first.models
        var bookkeeping = RunJob.Bookkeeping()
        let branches = specs.map(\.name)
        bookkeeping.knownAnswers = { _ in try branches.compactMap(project.branchAnswers) }
        job = try RunJob(
            project: project, variants: variants, datasetName: first.dataset.path, defaultModels: first.models,
            settings: effective,
            output: project.repository.gitDirectory.appendingPathComponent(ProjectLayout.compareResults(branches)),
            bookkeeping: bookkeeping)
    }

    /// What a comparison found, and the report it makes.
    public struct Performed: Sendable {
        public let comparison: MultiComparison
        public let report: MultiComparisonReport
        public let problem: RunFailed?
    }

    /// Builds the evaluators, takes the lock, runs the job and compares; nil for a dry run
    /// or a declined question.
    public func perform(in context: RunContext, evaluation: EvaluatorSet, observer: any RunObserver) async throws
        -> Performed?
    {
        let evaluators = try evaluation.evaluators(
            named: evaluatorNames, usedBy: ProjectLayout.experimentSpec(specs[0].name))
        evaluation.reportMissingJudgeKey(to: observer)
        let lock = job.dryRun ? nil : try job.lock()
        defer { lock?.release() }
        let sequence = RunSequence(job: job, evaluators: evaluators, observer: observer)
        guard let run = try await sequence.run(in: context) else { return nil }
        if run.outcome.stop != nil, let problem = job.problem(with: run.outcome) { throw problem }
        try evaluation.finish()
        try job.discardJournal()
        var builder = MultiComparison.Builder(weights: project.evaluatorWeights(evaluatorNames))
        var rows = ResultRowReader(url: job.output, displayPath: job.outputPath)
        while let row = try rows.next() { builder.addRow(row) }
        let comparison = builder.finish(alpha: project.config.verdict.alpha)
        let first = specs[0]
        let report = MultiComparisonReport(
            prompt: first.prompt, base: "\(first.base.ref) (\(first.base.blob.short))",
            candidates: job.plan.variants.dropFirst().map { ($0.label, $0.blob.short) },
            dataset: first.dataset.path, comparison: comparison, summary: run.outcome.summary)
        return Performed(comparison: comparison, report: report, problem: job.problem(with: run))
    }
}
