import Foundation

/// What `exp promote` did.
public struct PromotionOutcome: Sendable {
    /// The commit that tags the candidate `production` (nil when it already was).
    public let tagCommit: ObjectID?
    /// The experiment branch's tip after promotion.
    public let tip: ObjectID
    /// The branch the experiment came from, and whether it was fast-forwarded to `tip`.
    public let sourceBranch: String?
    public let fastForwarded: Bool
}

extension Project {
    /// Tags the experiment's candidate `production` on its branch, then fast-forwards the
    /// branch it came from when that is a fast-forward. Never a forced update: when the
    /// source branch has moved on, it is left alone and the caller says a merge is needed.
    public func promote(_ name: String) throws -> PromotionOutcome {
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
        let path = Self.promptPath(for: spec.prompt)
        guard let data = try repository.fileData(at: path, in: tip) else {
            throw PromptError.unknownVersion(prompt: spec.prompt, selector: branch, reason: "\(path) is not on the branch")
        }
        let file = try PromptFile(data: data, path: "\(branch):\(path)")
        var tagCommit: ObjectID?
        if !file.frontMatter.tags.contains("production") {
            var editor = FrontMatterEditor(text: file.text)
            try editor.setTags(file.frontMatter.tags + ["production"], path: path)
            tagCommit = try repository.commit(
                [.write(path, editor.text)], on: branch, message: "exp \(name): promote \(spec.prompt) to production")
        }
        let newTip = tagCommit ?? tip
        guard let source = spec.sourceBranch, try repository.branchTip(source) != nil else {
            return PromotionOutcome(tagCommit: tagCommit, tip: newTip, sourceBranch: spec.sourceBranch, fastForwarded: false)
        }
        // A checked-out source branch brings its files along; any other moves by ref alone.
        let moved = current == source
            ? try repository.fastForwardCheckedOutBranch(to: newTip)
            : try repository.fastForward(branch: source, to: newTip)
        return PromotionOutcome(tagCommit: tagCommit, tip: newTip, sourceBranch: source, fastForwarded: moved)
    }
}
