public import Foundation

/// What is wrong with `.promptexp/config.yaml`.
public enum ConfigError: Error, Equatable, Sendable, CustomStringConvertible, LocalizedError, PromptExpError {
    case invalid(SourceLocation, String)
    case unreadable(path: String, reason: String)

    public var description: String {
        switch self {
        case .invalid(let location, let message): "\(location): \(message)"
        case .unreadable(let path, let reason): "\(path): cannot read: \(reason)"
        }
    }

    public var errorDescription: String? { description }
}
