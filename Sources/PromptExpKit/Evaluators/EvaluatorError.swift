/// A named evaluator that cannot be built: an unknown name or kind, or bad settings.
public enum EvaluatorError: Error, Equatable, Sendable, CustomStringConvertible, PromptExpError {
    case unknown(String, suggestions: [String], usedBy: String)
    case invalid(name: String, location: SourceLocation?, message: String)

    public var description: String {
        switch self {
        case .unknown(let name, let suggestions, let usedBy):
            var text = "\(usedBy): unknown evaluator '\(name)'"
            if !suggestions.isEmpty {
                text += " (did you mean \(suggestions.map { "'\($0)'" }.joined(separator: ", "))?)"
            }
            return text
                + "; define it under evaluators: in .promptexp/config.yaml, or use a built-in (\(EvaluatorRegistry.builtInNames.joined(separator: ", ")))"
        case .invalid(let name, let location, let message):
            return "\(location.map { "\($0): " } ?? "")evaluator '\(name)': \(message)"
        }
    }
}
