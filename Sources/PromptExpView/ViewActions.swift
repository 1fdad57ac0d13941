import Foundation
import HTTPTypes
import PromptExpKit

/// What the view changes, each the same commits and files the command line makes: a new
/// experiment branch, the candidate prompt, a run committed on the branch, a promotion.
struct ViewActions: Sendable {
    let root: URL
    let board: RunBoard
    let caches: ViewCaches

    private func project() throws -> Project { try Project.open(at: root) }

    /// `exp new`: branches `exp/NAME` with the prompt at its base version and switches to
    /// it; refused, naming the files, when the working tree has uncommitted changes.
    func createExperiment(_ body: JSONValue) throws -> JSONValue {
        guard let name = body["name"]?.stringValue, let prompt = body["prompt"]?.stringValue else {
            throw ViewRequestError.badRequest("an experiment needs a name and a prompt")
        }
        var request = ExperimentRequest(
            name: try ViewAPI.experimentName(name), prompt: prompt, base: body["base"]?.stringValue,
            dataset: body["dataset"]?.stringValue)
        request.models = body["models"]?.arrayValue?.compactMap(\.stringValue) ?? []
        if case .int(let sample)? = body["sample"] {
            guard sample >= 1 else { throw ViewRequestError.badRequest("sample must be at least 1") }
            request.sampleSize = sample
        }
        if case .int(let seed)? = body["seed"], seed >= 0 { request.sampleSeed = UInt64(seed) }
        let (spec, commit) = try project().createExperiment(request)
        return [
            "name": .string(spec.name), "branch": .string(Project.experimentBranchPrefix + spec.name),
            "commit": .string(commit.hex), "base": .string(spec.base.ref), "dataset": .string(spec.dataset.path),
            "models": .array(spec.models.map(JSONValue.string)),
        ]
    }

    /// The project, with experiment `name` checked out: the candidate is its working file.
    private func checkedOut(_ name: String) throws -> Project {
        let project = try project()
        let name = try ViewAPI.experimentName(name)
        _ = try project.experiment(named: name)
        let current = try? project.currentExperimentName()
        guard current == name else {
            throw ViewRequestError(
                status: .conflict, description: "exp/\(name) is not checked out: switch to it (git switch exp/\(name))")
        }
        return project
    }

    /// The base and the candidate prompt texts.
    func candidate(_ name: String) throws -> JSONValue {
        let snapshot = try project().experimentSnapshot(try ViewAPI.experimentName(name))
        return [
            "prompt": .string(snapshot.spec.prompt), "path": .string(ProjectLayout.prompt(snapshot.spec.prompt)),
            "base": .string(snapshot.base.file.text), "candidate": .string(snapshot.candidate.file.text),
            "editable": .bool(snapshot.commit == nil),
        ]
    }

    /// Saves the candidate: the working file on the checked-out branch, whole or not at
    /// all, and only when it parses (an error names the line).
    func saveCandidate(_ name: String, _ body: JSONValue) throws -> JSONValue {
        let project = try checkedOut(name)
        guard let text = body["text"]?.stringValue else { throw ViewRequestError.badRequest("no text") }
        let spec = try project.experiment(named: name)
        let path = ProjectLayout.prompt(spec.prompt)
        do {
            _ = try PromptFile(text: text, path: path)
        } catch {
            throw ViewRequestError.badRequest("\(error)")
        }
        try AtomicFile.write(Data(text.utf8), to: project.workingFile(path).path)
        return ["saved": .string(path)]
    }

    /// What a run would send and cost, with the prompt diff: shown before it is confirmed.
    func plan(_ name: String) async throws -> JSONValue {
        let project = try checkedOut(name)
        var settings = RunSettings()
        settings.dryRun = true
        let experiment = try ExperimentRun(project: project, name: name, settings: settings, baseFromLog: false)
        let estimate = try await RunContext.use(project: project, settings: settings) { context in
            // The judges are planned and priced with the model calls.
            let evaluation = try EvaluatorSet(
                context: context, names: experiment.evaluatorNames, useCache: true, output: experiment.job.output,
                dryRun: true)
            let evaluators = try evaluation.evaluators(
                named: experiment.evaluatorNames, usedBy: ProjectLayout.experimentSpec(experiment.spec.name))
            return try experiment.job.estimate(in: context, evaluators: evaluators)
        }
        let diff = try Project.experimentPromptDiff(
            base: experiment.base.file.text, candidate: experiment.candidate.file.text)
        let plan = experiment.job.plan
        return [
            "rows": .int(plan.rowCount), "variants": .int(plan.variants.count), "models": .int(plan.allModels.count),
            "repeats": .int(plan.repeats), "calls": .int(estimate.calls), "reused": .int(estimate.reused),
            "to_send": .int(estimate.toSend), "input_tokens": .int(estimate.inputTokens),
            "output_tokens": .int(estimate.outputTokens), "cost": .double(estimate.cost + estimate.judgeCost),
            "judge_calls": .int(estimate.judgeCalls), "judge_cost": .double(estimate.judgeCost),
            "unpriced": .array(estimate.unpricedModels.sorted().map(JSONValue.string)),
            "methods": .array(estimate.methods.map(JSONValue.string)), "diff": ViewAPI.hunksWithWords(diff),
        ]
    }

    /// `exp compare` for the page: the base and the experiments `names`, one column each,
    /// when every call is already committed on their branches (or cached) and no judge
    /// would be asked: a page never spends money on a GET. Otherwise a 409 that says to run
    /// `promptexp exp compare`, which asks before sending.
    func compare(_ names: [String]) async throws -> JSONValue {
        let names = try names.map(ViewAPI.experimentName)
        let project = try project()
        let comparison = try ExperimentComparisonRun(project: project, names: names, settings: RunSettings())
        let command = "promptexp exp compare \(names.joined(separator: " "))"
        if let judge = project.judges(among: comparison.evaluatorNames).sorted().first {
            throw ViewRequestError(
                status: .conflict,
                description: "the judge '\(judge)' would score every row again: run \(command) in a terminal")
        }
        return try await RunContext.use(project: project, settings: RunSettings()) { context in
            let estimate = try comparison.job.estimate(in: context)
            guard estimate.toSend == 0 else {
                throw ViewRequestError(
                    status: .conflict,
                    description:
                        "\(counted(estimate.toSend, "call")) of this comparison \(estimate.toSend == 1 ? "is" : "are") not committed on the branches: run \(command) (it asks before sending)"
                )
            }
            let evaluation = try EvaluatorSet(
                context: context, names: comparison.evaluatorNames, useCache: true, output: comparison.job.output)
            guard
                let performed = try await comparison.perform(
                    in: context, evaluation: evaluation, observer: QuietObserver())
            else { throw ViewRequestError(status: .conflict, description: "nothing was compared") }
            var answer = performed.report.json.objectValue ?? [:]
            let (rows, differing) = try Self.differingRows(
                comparison.job.output, weights: project.evaluatorWeights(comparison.evaluatorNames))
            answer["rows"] = .array(rows)
            answer["differing_rows"] = .int(differing)
            return .object(answer)
        }
    }

    /// The rows where the variants do not all answer the same, each variant's answer and
    /// whether it passes, side by side: the first `limit` of them, and how many there are.
    static func differingRows(_ results: URL, weights: [String: Double], limit: Int = 200) throws -> (
        [JSONValue], Int
    ) {
        var reader = ResultRowReader(url: results, displayPath: results.lastPathComponent)
        var rows: [JSONValue] = []
        var differing = 0
        while let records = try reader.next() {
            let calls = Dictionary(grouping: records) { "\($0.model)\u{1F}\($0.repeatIndex)" }
            for key in calls.keys.sorted() {
                guard let group = calls[key], Set(group.map(\.answerText)).count > 1 else { continue }
                differing += 1
                guard rows.count < limit, let first = group.first else { continue }
                var variants: [String: JSONValue] = [:]
                for record in group {
                    let overall = record.overall(weights: weights)
                    variants[record.variant] = [
                        "output": .string(record.error.map { "error: \($0)" } ?? record.answerText),
                        "pass": overall.map { .bool($0.passed) } ?? .null,
                        "score": overall.map { .double($0.score) } ?? .null,
                    ]
                }
                rows.append([
                    "row_id": .string(first.rowID), "model": .string(first.model), "variants": .object(variants),
                ])
            }
        }
        return (rows, differing)
    }

    /// Starts `exp run` in the background; the page polls `status`.
    func startRun(_ name: String) throws -> JSONValue {
        // Made here too, so what is wrong with it (no dataset, a bad row) is the answer.
        _ = try ExperimentRun(project: try checkedOut(name), name: name, settings: RunSettings(), baseFromLog: false)
        guard let control = board.begin(name) else {
            throw ViewRequestError(status: .conflict, description: "exp/\(name) is already running")
        }
        let board = self.board
        let caches = self.caches
        // The run gets a project of its own: no libgit2 handle is shared across tasks.
        let root = self.root
        Task.detached {
            do {
                let project = try Project.open(at: root)
                var experiment = try ExperimentRun(
                    project: project, name: name, settings: RunSettings(), baseFromLog: false)
                let done = try await RunContext.use(project: project, settings: RunSettings()) { context in
                    let evaluation = try EvaluatorSet(
                        context: context, names: experiment.evaluatorNames, useCache: true,
                        output: experiment.job.output)
                    // The same sequence as `exp run`: batches already submitted are
                    // collected, never sent again.
                    return try await experiment.perform(
                        in: context, evaluation: evaluation, commit: true,
                        observer: RunBoardObserver(name: name, board: board, control: control))
                }
                guard let done else {
                    board.end(name, state: "waiting", message: board.message(name) ?? "nothing was run")
                    return
                }
                let verdict = done.outcome.comparison?.verdict.rawValue ?? "not scored"
                let commit = done.commit.map { "committed \($0.short)" } ?? "nothing changed: no commit"
                board.end(
                    name, state: done.problem == nil ? "done" : "failed",
                    message: done.problem?.description ?? "\(verdict); \(commit)")
                // The page asks for the new run's rows and comparison next.
                await ViewAPI(root: root, caches: caches).warm(experiment: name)
            } catch {
                board.end(name, state: "failed", message: (error as? any PromptExpError)?.description ?? "\(error)")
            }
        }
        return board.status(name)
    }

    /// Commits a person's label of one output on the experiment's branch.
    func label(_ name: String, _ body: JSONValue) throws -> JSONValue {
        let name = try ViewAPI.experimentName(name)
        var object = body.objectValue ?? [:]
        if object["repeat"] == nil { object["repeat"] = 0 }
        guard let label = HumanLabel(json: .object(object)), ["base", "candidate"].contains(label.variant) else {
            throw ViewRequestError.badRequest("a label needs row_id, model, variant (base or candidate) and good")
        }
        let commit = try project().addLabel(label, experiment: name)
        return ["commit": .string(commit.hex), "label": label.json]
    }

    func promote(_ name: String, force: Bool) throws -> JSONValue {
        let name = try ViewAPI.experimentName(name)
        do {
            let outcome = try project().promote(name, force: force)
            return [
                "tip": .string(outcome.tip.hex), "source_branch": outcome.sourceBranch.map(JSONValue.string) ?? .null,
                "fast_forwarded": .bool(outcome.fastForwarded),
                "overridden": .array(outcome.overridden.map(JSONValue.string)),
            ]
        } catch let refused as PromotionRefused {
            throw ViewRequestError(status: .conflict, description: refused.description)
        }
    }
}
