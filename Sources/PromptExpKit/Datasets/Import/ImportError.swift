/// Why an import or a sample cannot go on.
public enum ImportError: Error, Equatable, Sendable, CustomStringConvertible, PromptExpError {
    case unmatchableTemplate(prompt: String, reason: String)
    case unknownFormat(path: String, tried: String)
    case badLine(SourceLocation, String)
    case needsBatchOutput(path: String)
    case unreadable(path: String, reason: String)
    case invalidFilter(String)
    case nothingMatched(log: String, prompt: String)

    public var description: String {
        switch self {
        case .nothingMatched(let log, let prompt):
            "no request in \(log) matched \(prompt) or any earlier version, so nothing was sampled (promptexp dataset import says why, request by request)"
        case .unmatchableTemplate(let prompt, let reason):
            "prompt '\(prompt)' cannot be matched against logged requests: \(reason)"
        case .unknownFormat(let path, let tried):
            "\(path): cannot tell the log format from its first lines (\(tried)); pass --format"
        case .badLine(let location, let message): "\(location): \(message)"
        case .needsBatchOutput(let path):
            "\(path) is an OpenAI Batch input file: pass its output file too, to join them by custom_id"
        case .unreadable(let path, let reason): "\(path): cannot read: \(reason)"
        case .invalidFilter(let text): "--where takes key=value, got '\(text)'"
        }
    }
}
