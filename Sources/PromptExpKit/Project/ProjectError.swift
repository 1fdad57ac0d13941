public import Foundation

/// Problems with the project as a whole rather than with one file.
public enum ProjectError: Error, Equatable, Sendable, CustomStringConvertible, LocalizedError, PromptExpError {
    case noPromptsFolder(root: String)
    case uncommittedPrompt(path: String)
    case promptNotCommitted(path: String)
    case fileSystem(path: String, reason: String)
    case detachedHead

    public var description: String {
        switch self {
        case .noPromptsFolder(let root):
            "no prompts/ folder in \(root); run 'promptexp init' to create one"
        case .uncommittedPrompt(let path):
            "\(path) has uncommitted changes; commit or stash them first"
        case .promptNotCommitted(let path):
            "\(path) is not committed yet; commit it first"
        case .fileSystem(let path, let reason):
            "\(path): \(reason)"
        case .detachedHead:
            "HEAD is detached; switch to a branch first"
        }
    }

    public var errorDescription: String? { description }
}
