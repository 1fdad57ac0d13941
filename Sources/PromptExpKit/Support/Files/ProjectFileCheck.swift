public import Foundation

/// Checks a file the project reads and may commit (a prompt, a dataset, a schema, a
/// rubric): it must be inside the repository and a regular file, not a symbolic link.
///
/// A path from outside would make a spec or a check depend on a file git does not hold;
/// a link would be read as its target but committed (and replaced) as a link.
public enum ProjectFileCheck {
    /// Throws when `path` (as the user wrote it, relative to `root` unless absolute) leaves
    /// the repository.
    public static func requireInside(_ path: String, root: URL) throws(ProjectFileError) {
        let parts = path.split(separator: "/", omittingEmptySubsequences: true)
        if path.hasPrefix("/") || parts.contains("..") { throw .outsideRepository(path) }
    }

    /// Throws when the file at `url` is a symbolic link, or is inside a linked folder
    /// that leads out of `root`.
    public static func requireRegularFile(_ url: URL, root: URL, display: String) throws(ProjectFileError) {
        var status = stat()
        if lstat(url.path, &status) == 0, status.st_mode & S_IFMT == S_IFLNK { throw .symbolicLink(display) }
        let realRoot = root.resolvingSymlinksInPath().path
        let realFile = url.resolvingSymlinksInPath().path
        guard realFile == realRoot || realFile.hasPrefix(realRoot.hasSuffix("/") ? realRoot : realRoot + "/") else {
            throw .outsideRepository(display)
        }
    }
}

/// A file the project will not read or commit.
public enum ProjectFileError: Error, Equatable, Sendable, CustomStringConvertible, PromptExpError {
    case outsideRepository(String)
    case symbolicLink(String)
    case missing(String)

    public var description: String {
        switch self {
        case .outsideRepository(let path):
            "\(path): outside the repository; prompts, datasets, schemas and rubrics must be files inside it (no '..' or absolute paths)"
        case .symbolicLink(let path):
            "\(path): a symbolic link; promptexp reads and commits regular files only (replace the link with the file itself)"
        case .missing(let path): "\(path): no such file"
        }
    }
}
