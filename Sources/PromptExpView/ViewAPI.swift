import Foundation
import PromptExpKit

/// What the view's JSON endpoints answer, read from the repository at `root`. Each request
/// opens the project afresh: a libgit2 handle is never shared between the server's
/// threads, and every answer shows the repository as it is now.
struct ViewAPI: Sendable {
    let root: URL
    let caches: ViewCaches

    private func project() throws -> Project { try Project.open(at: root) }

    /// Every prompt: its newest version, tags and state on disk.
    func prompts() throws -> JSONValue {
        .array(try PromptSummary.all(in: project()).map(\.json))
    }

    /// One prompt's versions on this branch, with the runs committed with them.
    func versions(prompt: String) throws -> JSONValue {
        let project = try project()
        return try project.promptLogJSON(try project.requirePrompt(prompt))
    }

    /// The diff between two versions of a prompt (any selectors: `v1`, `production`, a
    /// revision, `working`).
    func diff(prompt: String, old: String, new: String) throws -> JSONValue {
        let project = try project()
        let id = try project.requirePrompt(prompt)
        let before = try project.resolve(id, at: VersionSelector(parsing: old))
        let after = try project.resolve(id, at: VersionSelector(parsing: new))
        let diff = try TextDiff(old: before.file.text, new: after.file.text)
        return [
            "prompt": .string(id), "old": .string(before.versionLabel), "new": .string(after.versionLabel),
            "hunks": Self.hunksWithWords(diff), "added": .int(diff.stats.added), "removed": .int(diff.stats.removed),
        ]
    }

    /// The diff's hunks, where a block of removed lines is followed by as many added ones,
    /// each pair with its changed words marked (`words`: same / removed / added segments).
    static func hunksWithWords(_ diff: TextDiff) -> JSONValue {
        .array(
            diff.hunks.map { hunk in
                var lines = hunk.lines.map { line -> [String: JSONValue] in
                    ["kind": .string(line.kind.rawValue), "text": .string(line.text)]
                }
                var index = 0
                while index < hunk.lines.count {
                    guard hunk.lines[index].kind == .removed else {
                        index += 1
                        continue
                    }
                    let removedEnd = hunk.lines[index...].firstIndex { $0.kind != .removed } ?? hunk.lines.count
                    let addedEnd = hunk.lines[removedEnd...].firstIndex { $0.kind != .added } ?? hunk.lines.count
                    if removedEnd - index == addedEnd - removedEnd {
                        for offset in 0..<(removedEnd - index) {
                            let segments = WordDiff.diff(
                                old: hunk.lines[index + offset].text, new: hunk.lines[removedEnd + offset].text)
                            func words(_ keep: WordDiff.Kind) -> JSONValue {
                                .array(
                                    segments.filter { $0.kind == .same || $0.kind == keep }.map { segment in
                                        ["changed": .bool(segment.kind != .same), "text": .string(segment.text)]
                                    })
                            }
                            lines[index + offset]["words"] = words(.removed)
                            lines[removedEnd + offset]["words"] = words(.added)
                        }
                    }
                    index = addedEnd
                }
                return ["header": .string(hunk.header), "lines": .array(lines.map(JSONValue.object))]
            })
    }

    /// The configured models, each with whether its provider's key is set; never the key.
    func models() throws -> JSONValue {
        let config = try project().config
        let environment = ProcessInfo.processInfo.environment
        return .array(
            config.models.keys.sorted().compactMap { name in
                guard let model = config.models[name] else { return nil }
                let variable = config.providers[model.provider]?.apiKeyEnv
                let key: String =
                    switch variable {
                    case nil: "not needed"
                    case let variable?: (environment[variable]?.isEmpty == false) ? "set" : "missing: set \(variable)"
                    }
                return [
                    "name": .string(name), "provider": .string(model.provider), "model": .string(model.model),
                    "key": .string(key), "default": .bool(config.defaults.model == name),
                ]
            })
    }

    /// People's labels of the experiment's outputs, and how each evaluator agrees with them.
    func labels(experiment name: String) throws -> JSONValue {
        let (labels, agreement) = try project().labelAgreement(of: try Self.experimentName(name))
        return ["labels": .array(labels.map(\.json)), "agreement": .array(agreement.map(\.json))]
    }

    /// The experiment's committed runs, newest first: each commit that changed its results.
    func runs(experiment name: String) throws -> JSONValue {
        let project = try project()
        let name = try Self.experimentName(name)
        return .array(try project.experimentRunCommits(name).map(\.json))
    }

    /// `results diff` between two committed runs (commit ids): what changed, and cost.
    func resultsDiff(experiment name: String, old: String, new: String) throws -> JSONValue {
        let project = try project()
        let name = try Self.experimentName(name)
        func results(_ revision: String) throws -> [ResultRecord] {
            let commit = try project.resolveRevision(revision)
            guard let records = try project.results(of: name, at: commit, label: revision) else {
                throw ViewRequestError.badRequest("no committed results of \(name) at \(revision)")
            }
            return records
        }
        let before = try results(old)
        let after = try results(new)
        let weights = project.evaluatorWeights((try? project.experiment(named: name))?.evaluators ?? [])
        return ResultsDiff(before: before, after: after).json(
            experiment: name, old: old, new: new, before: before, after: after, weights: weights)
    }

    /// The datasets under datasets/, for the experiment form.
    func datasets() throws -> JSONValue {
        .array(try project().datasetNames().map(JSONValue.string))
    }

    func experiments() throws -> JSONValue {
        try project().experimentListJSON()
    }

    /// The last committed run of experiment `name`: the verdict and the scores. Kept while
    /// nothing it is made from changes (the results file, base and candidate, the labels,
    /// the config): on a large run the comparison's resampling takes seconds.
    func report(experiment name: String) async throws -> JSONValue {
        let project = try project()
        let experiment = try Self.experimentName(name)
        let snapshot = try project.experimentSnapshot(experiment)
        guard let results = snapshot.results else { return try project.experimentReport(experiment, rowLimit: 0).json }
        let labels = try project.labels(of: experiment).map(\.json.canonicalJSON).joined(separator: "\n")
        let key = [
            try Self.stamp(results), snapshot.base.blob.hex, snapshot.candidate.blob.hex,
            snapshot.candidate.files.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value.hex)" }.joined(
                separator: ","),
            // The config is small: its text itself, so an edit within the clock's resolution counts.
            String(decoding: try Data(contentsOf: root.appendingPathComponent(ProjectLayout.config)), as: UTF8.self),
            String(labels.hashValue),
            String(labels.utf8.count),
        ].joined(separator: " ")
        // Made with a project of its own: no libgit2 handle is shared across tasks.
        let root = self.root
        return try await caches.reports.value(key: key) {
            try Project.open(at: root).experimentReport(experiment, rowLimit: 0).json
        }
    }

    /// A file's path, inode, size and modification time: what says it changed (a run
    /// writes its results to a new file renamed into place, so a rerun is a new inode).
    static func stamp(_ file: URL) throws -> String {
        let attributes = try FileManager.default.attributesOfItem(atPath: file.path)
        let modified = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
        return "\(file.path) \(attributes[.systemFileNumber] ?? 0) \(attributes[.size] ?? 0) \(modified)"
    }

    /// An image a row of experiment `name` names, as its branch has it.
    func image(experiment name: String, path: String) throws -> ImagePart {
        try project().experimentImage(try Self.experimentName(name), path: path)
    }

    /// What the rows table asks for: one page of the pairs that pass the filters, and how
    /// many pass in all. The results stream from the branch a row at a time: the server
    /// pages, so neither it nor the browser holds every row.
    struct RowQuery: Sendable {
        var filter: (changed: Bool, worse: Bool, better: Bool, failing: Bool, errors: Bool) = (
            false, false, false, false, false
        )
        var model: String?
        var text: String?
        var offset = 0
        var limit = 50
        /// Nil: results order; false: the score change, worst first; true: best first.
        var sortByChange: Bool?
    }

    func rows(experiment name: String, query: RowQuery) async throws -> JSONValue {
        let project = try project()
        let snapshot = try project.experimentSnapshot(try Self.experimentName(name))
        guard let results = snapshot.results else { throw ExperimentError.notRun(snapshot.spec.name) }
        let weights = project.evaluatorWeights(snapshot.spec.evaluators)
        var filter = PairFilter(weights: weights)
        (filter.changed, filter.worse, filter.better, filter.failing, filter.errors) = query.filter
        let dataset = try? project.datasetFile(path: snapshot.spec.dataset.path, blob: snapshot.spec.dataset.blob)
        let imageInputs = Set(snapshot.base.file.template.imageInputs + snapshot.candidate.file.template.imageInputs)
        let label = snapshot.resultsLabel
        if query.text?.isEmpty ?? true, let index = try await index(snapshot, dataset: dataset, weights: weights) {
            return try await blockingWork {
                try Self.page(
                    query, index: index,
                    reader: PairedRowReader(results: results, displayPath: label, dataset: dataset),
                    weights: weights, imageInputs: imageInputs)
            }
        }
        let matching = filter
        return try await blockingWork {
            try Self.scan(
                query, filter: matching, results: results, label: label, dataset: dataset, weights: weights,
                imageInputs: imageInputs)
        }
    }

    /// A page of the pairs that pass the filters and mention the searched text: every row
    /// of the results read (a search cannot use the index).
    static func scan(
        _ query: RowQuery, filter: PairFilter, results: URL, label: String, dataset: DatasetFile?,
        weights: [String: Double], imageInputs: Set<String>
    ) throws -> JSONValue {
        let text = query.text?.lowercased()
        /// Calls `body` with each pair that passes the filters, numbered in results order.
        func eachMatch(_ body: (Int, ExperimentPairs.Pair, [String: JSONValue]?, JSONValue?) -> Void) throws {
            var reader = try PairedRowReader(results: results, displayPath: label, dataset: dataset)
            var ordinal = 0
            while let (pairs, inputs) = try reader.next() {
                for pair in pairs where filter.matches(pair) {
                    if let model = query.model, pair.candidate.model != model, pair.base.model != model { continue }
                    if let text, !Self.mentions(pair, inputs: inputs, text: text) { continue }
                    body(ordinal, pair, inputs, reader.loggedOutput)
                    ordinal += 1
                }
            }
        }
        var page: [Int: JSONValue] = [:]
        var order: [Int] = []
        var matched = 0
        if let descending = query.sortByChange {
            // One number a row first, to sort by; then the page's rows are read again.
            var changes: [(change: Double, ordinal: Int)] = []
            try eachMatch { ordinal, pair, _, _ in
                let before = pair.base.overall(weights: weights)?.score ?? 0
                let after = pair.candidate.overall(weights: weights)?.score ?? 0
                changes.append((after - before, ordinal))
            }
            matched = changes.count
            changes.sort {
                descending
                    ? ($0.change, $1.ordinal) > ($1.change, $0.ordinal)
                    : ($0.change, $0.ordinal) < ($1.change, $1.ordinal)
            }
            order = changes.dropFirst(query.offset).prefix(query.limit).map(\.ordinal)
            let wanted = Set(order)
            try eachMatch { ordinal, pair, inputs, logged in
                if wanted.contains(ordinal) {
                    page[ordinal] = Self.json(pair, inputs: inputs, logged: logged, weights: weights)
                }
            }
        } else {
            try eachMatch { ordinal, pair, inputs, logged in
                if ordinal >= query.offset, order.count < query.limit {
                    order.append(ordinal)
                    page[ordinal] = Self.json(pair, inputs: inputs, logged: logged, weights: weights)
                }
                matched += 1
            }
        }
        return [
            "total": .int(matched), "offset": .int(query.offset), "rows": .array(order.compactMap { page[$0] }),
            "image_inputs": .array(imageInputs.sorted().map(JSONValue.string)),
        ]
    }

    /// The run's pair index, made once per results file (its path, size and modification
    /// time: a committed run's is a blob's copy, the working tree's changes when a run
    /// writes it) and evaluator weights; nil when the experiment has not been run.
    func index(_ snapshot: ExperimentSnapshot, dataset: DatasetFile?, weights: [String: Double])
        async throws -> PairIndex?
    {
        guard let results = snapshot.results else { return nil }
        let key = "\(try Self.stamp(results)) \(snapshot.spec.dataset.blob.hex) \(weights.sorted { $0.key < $1.key })"
        let label = snapshot.resultsLabel
        return try await caches.pairIndexes.value(key: key) {
            try PairIndex(results: results, displayPath: label, dataset: dataset, weights: weights)
        }
    }

    /// A page of rows picked from the index: one pass over the results that stops after the
    /// last pair the page shows.
    static func page(
        _ query: RowQuery, index: PairIndex, reader: PairedRowReader, weights: [String: Double],
        imageInputs: Set<String>
    ) throws -> JSONValue {
        var wanted: PairIndex.Flags = []
        let (changed, worse, better, failing, errors) = query.filter
        if changed { wanted.insert(.changed) }
        if worse { wanted.insert(.worse) }
        if better { wanted.insert(.better) }
        if failing { wanted.insert(.failing) }
        if errors { wanted.insert(.errors) }
        let order = index.matching(wanted, model: query.model, sortByChange: query.sortByChange)
        let shown = Array(order.dropFirst(query.offset).prefix(query.limit))
        let picked = Set(shown)
        let last = shown.max() ?? -1
        var reader = reader
        var page: [Int: JSONValue] = [:]
        var ordinal = 0
        while ordinal <= last, let (pairs, inputs) = try reader.next() {
            for pair in pairs {
                if picked.contains(ordinal) {
                    page[ordinal] = json(pair, inputs: inputs, logged: reader.loggedOutput, weights: weights)
                }
                ordinal += 1
            }
        }
        return [
            "total": .int(order.count), "offset": .int(query.offset), "rows": .array(shown.compactMap { page[$0] }),
            "image_inputs": .array(imageInputs.sorted().map(JSONValue.string)),
        ]
    }

    static func json(
        _ pair: ExperimentPairs.Pair, inputs: [String: JSONValue]?, logged: JSONValue? = nil, weights: [String: Double]
    ) -> JSONValue {
        func side(_ record: ResultRecord) -> JSONValue {
            var object = record.json.objectValue ?? [:]
            if let overall = record.overall(weights: weights) {
                object["overall"] = ["score": .double(overall.score), "pass": .bool(overall.passed)]
            }
            return .object(object)
        }
        // Changed words, for the page to mark: segments of both texts in order.
        let words: JSONValue =
            pair.changed
            ? .array(
                WordDiff.diff(old: pair.base.shownText, new: pair.candidate.shownText).map { segment in
                    let kind =
                        switch segment.kind {
                        case .same: "same"
                        case .removed: "removed"
                        case .added: "added"
                        }
                    return ["kind": .string(kind), "text": .string(segment.text)]
                }) : .null
        return [
            "word_diff": words,
            "row_id": .string(pair.base.rowID), "model": .string(pair.candidate.model),
            "repeat": .int(pair.base.repeatIndex), "changed": .bool(pair.changed),
            "inputs": .object(inputs ?? [:]), "base": side(pair.base), "candidate": side(pair.candidate),
            "logged_output": logged.map { .string($0.displayText) } ?? .null,
        ]
    }

    /// The experiment at a glance, for the top of its page: how the score changed row by row
    /// (a histogram of candidate minus base, per model), how many changed outputs people have
    /// labelled (and how many labels went stale), what stops a promotion, and which branch
    /// is checked out.
    func overview(experiment name: String) async throws -> JSONValue {
        let project = try project()
        let experiment = try Self.experimentName(name)
        let snapshot = try project.experimentSnapshot(experiment)
        let branch = try project.currentBranch()
        var object: [String: JSONValue] = [
            "branch": branch.map(JSONValue.string) ?? .null,
            "experiment_branch": .string(Project.experimentBranchPrefix + experiment),
        ]
        if let blockers = try project.promotionBlockers(of: experiment, namingWorstRows: false) {
            object["blockers"] = .array(blockers.map(JSONValue.string))
        }
        let weights = project.evaluatorWeights(snapshot.spec.evaluators)
        let dataset = try? project.datasetFile(path: snapshot.spec.dataset.path, blob: snapshot.spec.dataset.blob)
        guard let index = try await index(snapshot, dataset: dataset, weights: weights) else {
            return .object(object)
        }
        let labels = try project.labels(of: experiment)
        let byKey = Dictionary(labels.map { ($0.key, $0) }, uniquingKeysWith: { _, last in last })
        /// The label of this output, and whether it still labels it (the same answer).
        func label(_ variant: String, _ entry: PairIndex.Entry, hash: String?, succeeded: Bool) -> Bool? {
            let key = HumanLabel(
                rowID: entry.rowID, model: entry.model, repeatIndex: entry.repeatIndex, variant: variant, good: true
            ).key
            guard let found = byKey[key] else { return nil }
            return (found.requestHash == nil || found.requestHash == hash) && succeeded
        }
        var (changed, reviewed, stale) = (0, 0, 0)
        for entry in index.entries {
            if label("base", entry, hash: entry.baseHash, succeeded: entry.baseSucceeded) == false { stale += 1 }
            let candidate = label("candidate", entry, hash: entry.candidateHash, succeeded: entry.candidateSucceeded)
            if candidate == false { stale += 1 }
            guard entry.flags.contains(.changed) else { continue }
            changed += 1
            if candidate == true { reviewed += 1 }
        }
        let pairs = index.entries.count
        let histogram = index.histogram
        let logged = index.loggedOutputs
        object["pairs"] = .int(pairs)
        object["changed"] = .int(changed)
        object["reviewed"] = .int(reviewed)
        object["stale_labels"] = .int(stale)
        object["logged_outputs"] = .bool(logged)
        object["histogram"] = .object(histogram.mapValues { .array($0.map(JSONValue.int)) })
        return .object(object)
    }

    /// Makes the costly answers of the experiments changed last (their pair index and
    /// comparison) before anyone asks, so a large run's page opens at once instead of
    /// after seconds. What goes wrong is left for the page's own request to report.
    func warm(latest count: Int = 4) async {
        guard let experiments = try? project().experiments() else { return }
        for (spec, _) in experiments.prefix(count) {
            await warm(experiment: spec.name)
        }
    }

    /// Makes experiment `name`'s pair index and comparison, as its page will ask for them.
    func warm(experiment name: String) async {
        // Both at once: the comparison does not need the index, and the machine has cores.
        async let index = try? overview(experiment: name)
        async let comparison = try? report(experiment: name)
        _ = await (index, comparison)
    }

    /// The branch checked out now: the page compares it with the one it loaded on.
    func status() throws -> JSONValue {
        ["branch": try project().currentBranch().map(JSONValue.string) ?? .null]
    }

    /// Whether the row's id, inputs or outputs contain `text` (lower-cased).
    static func mentions(_ pair: ExperimentPairs.Pair, inputs: [String: JSONValue]?, text: String) -> Bool {
        let haystack =
            [pair.base.rowID, pair.base.answerText, pair.candidate.answerText]
            + (inputs ?? [:]).values.map(\.displayText)
        return haystack.contains { $0.lowercased().contains(text) }
    }

    /// An experiment name as the browser sent it, checked like the command line's.
    static func experimentName(_ text: String) throws -> String {
        guard ExperimentRequest.isValidName(text) else {
            throw ViewRequestError.badRequest("not an experiment name: \(text)")
        }
        return text
    }
}
