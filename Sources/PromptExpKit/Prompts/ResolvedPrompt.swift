/// A prompt at one version, parsed and ready to render.
public struct ResolvedPrompt: Sendable {
    public enum Source: Hashable, Sendable {
        /// The file on disk.
        case working
        /// A version on the current branch's history.
        case version(PromptVersion)
        /// A file at a commit that is not one of the branch's versions (another branch, say).
        case commit(CommitInfo, blob: ObjectID)
    }

    public let id: String
    public let source: Source
    public let file: PromptFile

    /// The blob id of this content, whether committed or not.
    public let blob: ObjectID
    /// The files its front matter names, read into `file`, with their blob ids.
    public var files: [String: ObjectID] = [:]

    /// `v3 (a1b2c3d)`, `working`, or `a1b2c3d`.
    public var versionLabel: String {
        switch source {
        case .working: "working"
        case .version(let version): "\(version.label) (\(version.commit.id.short))"
        case .commit(let commit, _): commit.id.short
        }
    }
}
