public import Foundation

/// One file to write or delete in a commit, by repository-relative path.
public struct FileChange: Hashable, Sendable {
    public enum Content: Hashable, Sendable {
        /// These bytes.
        case bytes(Data)
        /// The file as it already is in the working tree, read by libgit2 as a stream, so a
        /// results file of any size is committed without being held in memory.
        case workingFile
        /// No file: delete it.
        case deleted
    }

    public let path: String
    public let content: Content

    public static func write(_ path: String, _ contents: Data) -> FileChange {
        FileChange(path: path, content: .bytes(contents))
    }

    public static func write(_ path: String, _ text: String) -> FileChange {
        FileChange(path: path, content: .bytes(Data(text.utf8)))
    }

    /// Commits the working tree's file at `path` as it is.
    public static func workingFile(_ path: String) -> FileChange {
        FileChange(path: path, content: .workingFile)
    }

    public static func delete(_ path: String) -> FileChange {
        FileChange(path: path, content: .deleted)
    }
}
