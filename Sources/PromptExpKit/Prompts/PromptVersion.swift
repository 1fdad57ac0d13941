import Foundation

/// One version of a prompt: a commit on the first-parent history where its blob changed.
public struct PromptVersion: Hashable, Sendable {
    /// 1 for the oldest version on the branch.
    public let number: Int
    public let commit: CommitInfo
    public let blob: ObjectID
    /// Tags in this version's front matter (empty when it could not be parsed).
    public let tags: [String]

    public var label: String { "v\(number)" }
}
