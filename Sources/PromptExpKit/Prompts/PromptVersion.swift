import Foundation

/// One version of a prompt: a commit on the first-parent history where its blob changed.
public struct PromptVersion: Hashable, Sendable {
    /// 1 for the oldest version on the branch.
    public let number: Int
    public let commit: CommitInfo
    public let blob: ObjectID
    /// Tags in this version's front matter (empty when it could not be parsed).
    public let tags: [String]
    /// The history it was counted in ends at a shallow clone's cut: `number` counts from
    /// the oldest version present, not the first, so the version is named by its commit.
    public var inShallowHistory = false

    public init(number: Int, commit: CommitInfo, blob: ObjectID, tags: [String], inShallowHistory: Bool = false) {
        self.number = number
        self.commit = commit
        self.blob = blob
        self.tags = tags
        self.inShallowHistory = inShallowHistory
    }

    public var label: String { inShallowHistory ? commit.id.short : "v\(number)" }

    /// Its tags as a person reads them among `versions` (newest first): `production` on the
    /// deployed version alone (the newest that carries it); an older version that carried
    /// it shows `was production`.
    public func shownTags(among versions: [PromptVersion]) -> [String] {
        guard tags.contains("production") else { return tags }
        let deployed = versions.first { $0.tags.contains("production") }
        return deployed?.commit.id == commit.id ? tags : tags.map { $0 == "production" ? "was production" : $0 }
    }
}
