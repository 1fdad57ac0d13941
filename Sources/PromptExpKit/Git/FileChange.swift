import Foundation

/// One file to write or delete in a commit, by repository-relative path.
public struct FileChange: Hashable, Sendable {
    public let path: String
    /// The new content, or nil to delete the file.
    public let contents: Data?

    public static func write(_ path: String, _ contents: Data) -> FileChange {
        FileChange(path: path, contents: contents)
    }

    public static func write(_ path: String, _ text: String) -> FileChange {
        FileChange(path: path, contents: Data(text.utf8))
    }

    public static func delete(_ path: String) -> FileChange {
        FileChange(path: path, contents: nil)
    }
}
