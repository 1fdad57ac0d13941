import Foundation

/// What `exp promote` did.
public struct PromotionOutcome: Sendable {
    /// The commit that tags the candidate `production` (nil when it already was and nothing
    /// had to be recorded).
    public let tagCommit: ObjectID?
    /// The experiment branch's tip after promotion.
    public let tip: ObjectID
    /// The branch the experiment came from, and whether it was fast-forwarded to `tip`.
    public let sourceBranch: String?
    public let fastForwarded: Bool
    /// What `--force` overrode; empty when the last run allowed the promotion.
    public let overridden: [String]
}

extension Project {
    /// Tags the experiment's candidate `production` on its branch, then fast-forwards the
    /// branch it came from when that is a fast-forward. Never a forced update: when the
    /// source branch has moved on, it is left alone and the caller says a merge is needed.
    ///
    /// A gate first: unless `force`, it refuses (`PromotionRefused`) when the last committed
    /// run does not show the candidate is safe — see `promotionBlockers`. With `force`, what
    /// it overrode is written into the promotion commit.
    public func promote(_ name: String, force: Bool = false) throws -> PromotionOutcome {
        let spec = try experiment(named: name)
        let branch = Self.experimentBranchPrefix + name
        try repository.requireNoOperationInProgress()
        let current = try repository.currentBranch()
        // A ref moved under another worktree's feet would leave its files and index behind.
        for moved in [branch, spec.sourceBranch].compactMap({ $0 }) {
            if let path = try repository.otherWorktree(checkingOut: moved) {
                throw GitError.checkedOutElsewhere(branch: moved, path: path)
            }
        }
        // Any branch whose files we may rewrite must have a clean working tree.
        if current == branch || current == spec.sourceBranch { try repository.requireClean() }
        guard let tip = try repository.branchTip(branch) else { throw ExperimentError.unknown(name, suggestions: []) }
        let blockers = try promotionBlockers(name, spec: spec, tip: tip)
        if !blockers.isEmpty && !force {
            let regressed = try lastRunVerdict(name, tip: tip) == .regressed
            throw PromotionRefused(experiment: name, reasons: blockers, regressed: regressed)
        }

        let path = Self.promptPath(for: spec.prompt)
        guard let data = try repository.fileData(at: path, in: tip) else {
            throw PromptError.unknownVersion(
                prompt: spec.prompt, selector: branch, reason: "\(path) is not on the branch")
        }
        let file = try PromptFile(data: data, path: "\(branch):\(path)")
        var tagCommit: ObjectID?
        if !file.frontMatter.tags.contains(Self.productionTag) || !blockers.isEmpty {
            var editor = FrontMatterEditor(text: file.text)
            if !file.frontMatter.tags.contains(Self.productionTag) {
                // Back in the place the base had it, not at the end of the front matter.
                let base = String(decoding: try repository.blobData(spec.base.blob), as: UTF8.self)
                try editor.setTags(
                    file.frontMatter.tags + [Self.productionTag], path: path,
                    after: FrontMatterEditor.key(before: "tags", in: base))
            }
            var message = "exp \(name): promote \(spec.prompt) to production\n"
            if !blockers.isEmpty {
                message +=
                    "\nPromoted with --force, past what the gate found:\n" + blockers.map { "- \($0)\n" }.joined()
            }
            tagCommit = try repository.commit([.write(path, editor.text)], on: branch, message: message)
        }
        let newTip = tagCommit ?? tip
        guard let source = spec.sourceBranch, try repository.branchTip(source) != nil else {
            return PromotionOutcome(
                tagCommit: tagCommit, tip: newTip, sourceBranch: spec.sourceBranch, fastForwarded: false,
                overridden: blockers)
        }
        // A checked-out source branch brings its files along; any other moves by ref alone.
        let moved =
            current == source
            ? try repository.fastForwardCheckedOutBranch(to: newTip)
            : try repository.fastForward(branch: source, to: newTip)
        return PromotionOutcome(
            tagCommit: tagCommit, tip: newTip, sourceBranch: source, fastForwarded: moved, overridden: blockers)
    }

    /// Why the last committed run of experiment `name` does not allow promoting it; empty
    /// when it does. The run must be there, have no failed calls, a verdict that is neither
    /// regressed nor inconclusive, and be current: the candidate, the dataset and (for a
    /// production base) production on the source branch as they were when it ran.
    /// What stops experiment `name` from being promoted now; nil when it has no branch.
    /// `namingWorstRows` false leaves out the regressed rows (which cost a full report):
    /// the view shows them in its own table.
    public func promotionBlockers(of name: String, namingWorstRows: Bool = true) throws -> [String]? {
        guard let tip = try repository.branchTip(Self.experimentBranchPrefix + name) else { return nil }
        return try promotionBlockers(
            name, spec: try experiment(named: name), tip: tip, namingWorstRows: namingWorstRows)
    }

    public func promotionBlockers(_ name: String, spec: ExperimentSpec, tip: ObjectID, namingWorstRows: Bool = true)
        throws -> [String]
    {
        guard let summaryData = try repository.fileData(at: ProjectLayout.experimentSummary(name), in: tip),
            let summary = CommittedRunSummary(data: summaryData),
            try repository.blobID(at: ProjectLayout.experimentResults(name), in: tip) != nil
        else { return ["it has never been run: promptexp exp run \(name)"] }
        var blockers: [String] = []

        let promptBlob = try repository.blobID(at: Self.promptPath(for: spec.prompt), in: tip)
        if let ran = summary.candidateBlob, ran != promptBlob {
            blockers.append(
                "the candidate changed since the last run (it ran blob \(ran.short), the branch has \(promptBlob?.short ?? "none")): run it again"
            )
        }
        // A file the candidate names (its tools, its schema) is part of it too.
        if let promptBlob, let file = try? PromptFile(data: repository.blobData(promptBlob), path: spec.prompt) {
            let now = try referencedBlobs(of: file, in: .commit(tip))
            let ran = summary.candidateFiles.mapValues { Optional($0) }
            if now != ran, summary.candidateBlob == promptBlob {
                let changed = Set(now.keys).union(ran.keys).filter { now[$0] != ran[$0] }.sorted()
                blockers.append(
                    "the candidate's \(changed.joined(separator: ", ")) changed since the last run: run it again")
            }
        }
        if try repository.blobID(at: spec.dataset.path, in: tip) != spec.dataset.blob {
            blockers.append("\(spec.dataset.path) changed since the last run: run it again")
        }
        if spec.base.ref == Self.productionTag, let source = spec.sourceBranch,
            let sourceTip = try repository.branchTip(source),
            let deployed = try history(of: spec.prompt, at: sourceTip).first(where: {
                $0.tags.contains(Self.productionTag)
            }),
            deployed.blob != spec.base.blob
        {
            blockers.append(
                "production of \(spec.prompt) on \(source) is now \(deployed.label) (blob \(deployed.blob.short)), not the base this ran against (blob \(spec.base.blob.short)): start a new experiment from it"
            )
        } else if spec.base.ref == Self.productionTag, let source = spec.sourceBranch,
            let sourceTip = try repository.branchTip(source),
            let base = try? PromptFile(data: repository.blobData(spec.base.blob), path: spec.prompt),
            try referencedBlobs(of: base, in: .commit(spec.base.commit))
                != referencedBlobs(of: base, in: .commit(sourceTip))
        {
            // Production's file is the base's, but a file it names changed there since.
            blockers.append(
                "production of \(spec.prompt) on \(source) now reads other files (\(base.frontMatter.references.map(\.path).joined(separator: ", "))) than the base this ran against: start a new experiment from it"
            )
        }
        blockers += try newerDrafts(spec: spec, tip: tip)
        // The gate's one rule: what `check` will run for the promoted file is what was evaluated.
        if let data = try repository.fileData(at: Self.promptPath(for: spec.prompt), in: tip),
            let file = try? PromptFile(data: data, path: Self.promptPath(for: spec.prompt))
        {
            let checked = evaluatedModels(of: file)
            if checked != spec.models {
                blockers.append(
                    "check would run \(spec.prompt) on \(checked.joined(separator: ", ")) (its tests.models, else model:), but the experiment evaluated \(spec.models.joined(separator: ", ")): run exp run again so the candidate's tests.models say what was evaluated"
                )
            }
        }
        if summary.errors > 0 {
            blockers.append("\(summary.errors) of the last run's calls failed: run it again once they succeed")
        }
        switch summary.verdict.flatMap(Verdict.init(key:)) {
        case nil:
            blockers.append(
                "it has no evaluators, so nothing shows the candidate is not worse: add tests.evaluators and run it again"
            )
        case .regressed? where !namingWorstRows:
            blockers.append("the last run regressed: the rows it is worse on are in the table below")
        case .regressed?:
            let comparison = try experimentReport(name, rowLimit: 0).subjects.first?.comparison
            let worst = (comparison?.models ?? []).flatMap(\.regressions).sorted { $0.delta < $1.delta }.prefix(3).map {
                change in
                let flipped =
                    change.newlyFailing.isEmpty
                    ? "" : ", " + change.newlyFailing.joined(separator: ", ") + " now failing"
                return String(
                    format: "%@ (%.3f → %.3f%@)", change.rowID, change.baseScore, change.candidateScore, flipped)
            }
            blockers.append("the last run regressed; worst rows: " + worst.joined(separator: "; "))
        case .inconclusive?:
            // Every evaluator may be a judge people do not agree with: the report says so.
            let notes = try experimentReport(name, rowLimit: 0).subjects.first?.notes ?? []
            blockers.append(
                notes.first { $0.hasPrefix("not decided:") }
                    ?? "the last run was inconclusive: no row was scored on both sides")
        case .improved?, .unchanged?:
            break
        }
        return blockers
    }
}

extension Project {
    /// The verdict of experiment `name`'s last committed run at `tip`; nil when it has none
    /// (never run, or no evaluators).
    func lastRunVerdict(_ name: String, tip: ObjectID) throws -> Verdict? {
        guard let data = try repository.fileData(at: ProjectLayout.experimentSummary(name), in: tip) else { return nil }
        return CommittedRunSummary(data: data)?.verdict.flatMap(Verdict.init(key:))
    }

    /// Versions of the prompt on the source branch newer than the experiment's base that
    /// the branch point already had (a draft not deployed yet): the experiment replaced
    /// that text with the base's, so promoting it would silently drop them from the source
    /// branch. Tag changes alone do not count.
    func newerDrafts(spec: ExperimentSpec, tip: ObjectID) throws -> [String] {
        let path = Self.promptPath(for: spec.prompt)
        guard let source = spec.sourceBranch, let sourceTip = try repository.branchTip(source),
            let point = try repository.mergeBase(tip, sourceTip),
            let atPoint = try repository.fileData(at: path, in: point)
        else { return [] }
        let base = try repository.blobData(spec.base.blob)
        guard try Self.untagged(atPoint, path: path) != Self.untagged(base, path: path) else { return [] }
        let newer = try history(of: spec.prompt, at: point).prefix { $0.blob != spec.base.blob }
        let listed = newer.map { "\($0.label) \($0.commit.id.short) \"\($0.commit.subject)\"" }
        return [
            "\(source) has \(listed.joined(separator: ", ")) of \(spec.prompt), newer than the base this experiment started from (\(spec.base.ref)); promoting would drop \(newer.count == 1 ? "it" : "them") from \(source): start an experiment from \(newer.count == 1 ? "it" : "the newest") instead"
        ]
    }

    /// A prompt's text without its `tags:` key, to compare versions apart from tag moves.
    private static func untagged(_ data: Data, path: String) throws -> String {
        var editor = FrontMatterEditor(text: String(decoding: data, as: UTF8.self))
        try editor.setTags([], path: path)
        return editor.text
    }
}

/// `exp promote` found that the evidence does not allow it. Like `check`: a regression
/// exits 2; evidence that is missing or does not match what would ship (never run, stale,
/// failed calls, no evaluators, inconclusive, other models) and a newer draft it would
/// drop exit 1.
public struct PromotionRefused: Error, Sendable, CustomStringConvertible {
    public let experiment: String
    public let reasons: [String]
    /// The last committed run regressed.
    public let regressed: Bool

    public var exitCode: Int32 { regressed ? 2 : 1 }

    public var description: String {
        "exp/\(experiment) is not promoted:\n" + reasons.map { "  - \($0)\n" }.joined()
            + "promote it anyway with --force (the commit records what was overridden)"
    }
}
