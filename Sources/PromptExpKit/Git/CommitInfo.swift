public import Foundation

/// What promptexp shows of a commit: who, when, and its message.
public struct CommitInfo: Hashable, Sendable {
    public let id: ObjectID
    public let parents: [ObjectID]
    public let authorName: String
    public let authorEmail: String
    public let date: Date
    /// Minutes east of UTC at which the author wrote the commit.
    public let timeZoneOffsetMinutes: Int
    public let message: String

    /// The first line of the message.
    public var subject: String {
        message.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
    }
}
