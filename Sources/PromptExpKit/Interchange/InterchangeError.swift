/// Why another tool's file cannot be imported, or a prompt cannot be exported.
public enum InterchangeError: Error, Equatable, Sendable, CustomStringConvertible, PromptExpError {
    /// The source does not parse or lacks what every file of its format has.
    case malformed(SourceLocation, String)
    case unreadable(path: String, reason: String)
    /// A file the import would write exists already.
    case exists(path: String, hint: String)
    /// The prompt uses something the format cannot say at all.
    case inexpressible(format: String, reason: String)
    case nothingToExport(String)

    public var description: String {
        switch self {
        case .malformed(let location, let message): "\(location): \(message)"
        case .unreadable(let path, let reason): "\(path): cannot read: \(reason)"
        case .exists(let path, let hint): "\(path) exists already; nothing was written: \(hint)"
        case .inexpressible(let format, let reason): "cannot export as \(format): \(reason)"
        case .nothingToExport(let message): message
        }
    }
}
