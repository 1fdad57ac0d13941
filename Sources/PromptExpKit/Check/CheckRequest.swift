public import Foundation

/// What `promptexp check` compares.
public struct CheckRequest: Sendable {
    /// The old side: a revision; default the merge base with the upstream branch, else
    /// with `main`, and with `staged`, HEAD.
    public var base: String?
    /// The new side: a revision (default HEAD); ignored with `staged`.
    public var head: String?
    /// Compare HEAD with the index: what the next commit would hold.
    public var staged = false
    /// With `staged`, the index to read instead of the repository's: in a pre-commit hook,
    /// git's `GIT_INDEX_FILE`, where `git commit -a` stages what it commits.
    public var indexFile: URL?

    public init(base: String? = nil, head: String? = nil, staged: Bool = false, indexFile: URL? = nil) {
        self.base = base
        self.head = head
        self.staged = staged
        self.indexFile = indexFile
    }
}

/// One changed prompt the check runs: its old and new versions as run variants, each on
/// its own models, over the dataset its new version's `tests` name.
public struct CheckTarget: Sendable {
    public let prompt: String
    public let base: RunVariant
    public let candidate: RunVariant
    public let dataset: DatasetFile
    public let evaluators: [String]
}

/// The prompts a check covers, and those it cannot check.
public struct CheckPlan: Sendable {
    /// `main (1a2b3c4)`, `HEAD (5d6e7f8)`, `staged`.
    public let baseLabel: String
    public let candidateLabel: String
    public let targets: [CheckTarget]
    public let unchecked: [(prompt: String, reason: String)]
    /// Prompts whose earlier version had tests and whose new one has none that can run (a
    /// `tests:` renamed or emptied): the change removed its own gate, so the check fails.
    public var lostTests: [String] = []
}
