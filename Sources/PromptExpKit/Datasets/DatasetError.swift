public import Foundation

/// Everything that can be wrong with a dataset file or a row lookup.
public enum DatasetError: Error, Equatable, Sendable, CustomStringConvertible, LocalizedError, PromptExpError {
    case unreadable(path: String, reason: String)
    case invalidLine(SourceLocation, String)
    case duplicateID(id: String, path: String, firstLine: Int, line: Int)
    case unknownDataset(String, suggestions: [String])
    case unknownRow(id: String, path: String)
    /// A dataset promptexp would write is already there.
    case exists(String)

    public var description: String {
        switch self {
        case .unreadable(let path, let reason):
            return "\(path): cannot read: \(reason)"
        case .invalidLine(let location, let message):
            return "\(location): \(message)"
        case .duplicateID(let id, let path, let firstLine, let line):
            return "\(path):\(line):1: duplicate row id '\(id)' (first used on line \(firstLine))"
        case .unknownDataset(let name, let suggestions):
            let hint =
                suggestions.isEmpty ? "" : "; did you mean \(suggestions.map { "'\($0)'" }.joined(separator: " or "))?"
            return "no dataset '\(name)'\(hint)"
        case .exists(let path):
            return "\(path) exists already: remove it, or pass --dataset to use it"
        case .unknownRow(let id, let path):
            return "\(path): no row with id '\(id)'"
        }
    }

    public var errorDescription: String? { description }
}
