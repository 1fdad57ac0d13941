/// One prompt's base against its candidate, everything a report shows: labels, the
/// results with their scores, and the comparison made of them.
public struct ComparisonSubject: Sendable {
    public let prompt: String
    /// How the base and candidate are named in the report (`production (1a2b3c4)`, `staged`).
    public let baseLabel: String
    public let candidateLabel: String
    public let dataset: String
    /// Every result, for the formats that list each row (JUnit, HTML); empty when the
    /// subject was made from a digest of a results file too large to hold.
    public let records: [ResultRecord]
    public let comparison: ScoreComparison
    /// Things the reader must know (the base came from a log, calls failed, …).
    public let notes: [String]
    /// Calls, errors, tokens, cost and latency per variant and model.
    public let summary: RunSummary
    /// Base/candidate pairs (row, model slot, repeat) and how many of their outputs differ.
    public let outputChanges: (pairs: Int, changed: Int)
    /// The rows as the HTML report draws them, when gathered while the results streamed;
    /// nil to derive them from `records`.
    public var rowPairs: RowPairDigest?
    /// The first changed outputs, for a report without scores.
    public var changes: [ResultsDigest.Change] = []
    /// The prompt's change base → candidate; nil when not known (an older report).
    public var promptDiff: TextDiff?
    /// The files the prompt names (tools, a schema) that changed base → candidate, by path.
    public var fileDiffs: [String: TextDiff] = [:]
    /// The inputs of the rows a report shows, by row id.
    public var rowInputs: [String: [String: JSONValue]] = [:]
    /// Production's logged answers of the rows a report shows (datasets imported from
    /// logs carry them), by row id: what users saw, beside what base and candidate give.
    public var rowLoggedOutputs: [String: JSONValue] = [:]
    /// The inputs of type `image` (of base or candidate): views show them as pictures.
    public var imageInputs: [String] = []
    /// The images of the shown rows, by the input's value (a repository path or a data:
    /// URL), for the views that embed them (HTML); within the limits below.
    public var thumbnails: [String: ImagePart] = [:]
    /// One embedded image at most this large, and all of a report's together at most
    /// the budget: a report stays a file one can mail.
    static let thumbnailMaxBytes = 512 * 1024
    static let thumbnailBudget = 16 * 1024 * 1024
    /// The files it was read from, for the formats that stream every row (CSV).
    public var origin: ReportSource?

    public init(
        prompt: String, baseLabel: String, candidateLabel: String, dataset: String, records: [ResultRecord],
        comparison: ScoreComparison, notes: [String] = []
    ) {
        let digest = ResultsDigest(records: records, weights: nil)
        self.init(
            prompt: prompt, baseLabel: baseLabel, candidateLabel: candidateLabel, dataset: dataset, records: records,
            summary: digest.summary, outputChanges: (digest.pairs, digest.changed), comparison: comparison, notes: notes
        )
        changes = digest.changes
    }

    /// A subject from a digest gathered while the results streamed: no records kept.
    public init(
        prompt: String, baseLabel: String, candidateLabel: String, dataset: String, digest: ResultsDigest,
        comparison: ScoreComparison, notes: [String] = []
    ) {
        self.init(
            prompt: prompt, baseLabel: baseLabel, candidateLabel: candidateLabel, dataset: dataset, records: [],
            summary: digest.summary, outputChanges: (digest.pairs, digest.changed), comparison: comparison, notes: notes
        )
        changes = digest.changes
    }

    private init(
        prompt: String, baseLabel: String, candidateLabel: String, dataset: String, records: [ResultRecord],
        summary: RunSummary, outputChanges: (pairs: Int, changed: Int), comparison: ScoreComparison, notes: [String]
    ) {
        self.prompt = prompt
        self.baseLabel = baseLabel
        self.candidateLabel = candidateLabel
        self.dataset = dataset
        self.records = records
        self.summary = summary
        self.outputChanges = outputChanges
        self.comparison = comparison
        self.notes = notes
    }

    /// Whether the rows were scored: without evaluators a report shows changed outputs.
    public var isScored: Bool { !comparison.models.isEmpty }

    /// The ids of the rows a report shows in full: regressed, improved, changed, and the
    /// rows the HTML table lists.
    public var shownRowIDs: Set<String> {
        var ids = Set(changes.map(\.rowID))
        for model in comparison.models {
            ids.formUnion(model.regressions.map(\.rowID))
            ids.formUnion(model.improvements.map(\.rowID))
        }
        for model in rowPairs?.models ?? [] { ids.formUnion(model.shown.map(\.id)) }
        return ids
    }

    /// Why a gate cannot decide on this comparison, each reason a line: nothing compared,
    /// no row scored on both sides, or evaluations that could not be made (a judge that
    /// failed or answered nonsense). Missing evidence is never a pass.
    public var missingEvidence: [String] {
        if let nothing = nothingCompared { return [nothing] }
        var reasons: [String] = []
        for model in comparison.models {
            let errors = model.base.evaluationErrors + model.candidate.evaluationErrors
            if errors > 0 {
                reasons.append(
                    "\(prompt) on \(model.model): \(counted(errors, "evaluation")) could not be made (an evaluator or judge failed)"
                )
            }
            if model.verdict == .inconclusive {
                reasons.append("\(prompt) on \(model.model): no row was scored on both sides")
            }
        }
        return reasons
    }

    /// Why this comparison shows nothing, when it does not: no rows, or no answer on one
    /// side. A gate must not read "no change" into that.
    public var nothingCompared: String? {
        let groups = summary.groups
        if groups.allSatisfy({ $0.calls == 0 }) { return "\(prompt): nothing was compared: \(dataset) has no rows" }
        for side in ["base", "candidate"] {
            let answered = groups.contains { $0.variant == side && $0.calls > $0.errors }
            if !answered {
                return "\(prompt): nothing was compared: every \(side) call failed (see the errors in the results)"
            }
        }
        return nil
    }
}

/// A report over one or more prompts (a check covers every changed prompt; an
/// experiment, one), plus the prompts that could not be checked and why.
public struct ComparisonReport: Sendable {
    public let title: String
    public let subjects: [ComparisonSubject]
    /// Prompts that changed but have nothing to check them with, and why.
    public let unchecked: [(prompt: String, reason: String)]
    /// Where the results were read: a branch and commit (`exp/calmer at 1a2b3c4`).
    public var source: String?

    public init(title: String, subjects: [ComparisonSubject], unchecked: [(prompt: String, reason: String)] = []) {
        self.title = title
        self.subjects = subjects
        self.unchecked = unchecked
    }

    /// Regressed if any prompt regressed; no significant change when nothing was compared.
    public var verdict: Verdict {
        subjects.isEmpty ? .unchanged : Verdict.overall(subjects.map(\.comparison.verdict))
    }

    /// Why a gate over this report cannot pass though nothing regressed: the subjects'
    /// missing evidence and `problems` (calls that failed). Empty when it can decide.
    public var problems: [String] = []
    public var undecided: [String] { subjects.flatMap(\.missingEvidence) + problems }

    /// What the gate decides, for every format to say alike: `regressed` (exit 2),
    /// `undecided` (exit 1), else the verdict's key (exit 0).
    public var gateKey: String {
        if verdict == .regressed { return Verdict.regressed.key }
        return undecided.isEmpty ? verdict.key : "undecided"
    }

    public var regressedPrompts: [String] {
        subjects.filter { $0.comparison.verdict == .regressed }.map(\.prompt)
    }
}
