import Foundation

extension Project {
    /// Adds (or with `remove`, removes) `tag` in the front matter of the prompt's current
    /// version and commits the change on the current branch. Returns the new commit, or nil
    /// when the tag was already as asked.
    ///
    /// Refuses when the prompt file differs from HEAD, so no uncommitted edit is swept
    /// into the commit. Other staged work stays staged and out of the commit.
    @discardableResult
    public func tag(_ id: String, _ tag: String, remove: Bool = false) throws -> ObjectID? {
        guard !tag.isEmpty, !tag.contains(where: { $0.isWhitespace || $0 == "," || $0 == "[" || $0 == "]" }) else {
            throw PromptError.malformed(
                SourceLocation(path: Self.promptPath(for: id), line: 1),
                "'\(tag)' is not a valid tag: use letters, digits, '-', '_', '.' or '/'")
        }
        let path = Self.promptPath(for: id)
        try repository.requireNoOperationInProgress()
        guard let branch = try repository.currentBranch() else { throw ProjectError.detachedHead }
        guard let head = try repository.headCommit(), let committed = try repository.fileData(at: path, in: head) else {
            throw ProjectError.promptNotCommitted(path: path)
        }
        let onDisk = FileManager.default.contents(atPath: repository.workingFile(path).path)
        guard onDisk == committed else { throw ProjectError.uncommittedPrompt(path: path) }
        try repository.requireClean(paths: [path])

        let file = try PromptFile(data: committed, path: path)
        var tags = file.frontMatter.tags
        if remove {
            guard tags.contains(tag) else { return nil }
            tags.removeAll { $0 == tag }
        } else {
            guard !tags.contains(tag) else { return nil }
            tags.append(tag)
        }
        var editor = FrontMatterEditor(text: file.text)
        try editor.setTags(tags, path: path)
        // The edit must still parse and carry exactly the tags we meant.
        let edited = try PromptFile(text: editor.text, path: path)
        guard edited.frontMatter.tags == tags else {
            throw PromptError.malformed(
                SourceLocation(path: path, line: 1), "could not rewrite the tags of this front matter safely")
        }
        let message = remove ? "prompt \(id): remove tag \(tag)" : "prompt \(id): tag \(tag)"
        return try repository.commit([.write(path, editor.text)], on: branch, message: message)
    }
}
