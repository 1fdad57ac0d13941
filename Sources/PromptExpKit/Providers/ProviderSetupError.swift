public import Foundation

/// A run cannot start: a model or provider that does not resolve, or a missing key.
public enum ProviderSetupError: Error, Equatable, Sendable, CustomStringConvertible, LocalizedError, PromptExpError {
    case unknownModel(String, suggestions: [String])
    case unknownProvider(String, known: [String])
    case missingKey(provider: String, variable: String)
    case noModel

    public var description: String {
        switch self {
        case .unknownModel(let name, let suggestions):
            let hint =
                suggestions.isEmpty ? "" : "; did you mean \(suggestions.map { "'\($0)'" }.joined(separator: " or "))?"
            return
                "unknown model '\(name)': use a name from models: in .promptexp/config.yaml, or provider/model\(hint)"
        case .unknownProvider(let name, let known):
            return "unknown provider '\(name)' (configured: \(known.joined(separator: ", ")))"
        case .missingKey(let provider, let variable):
            return "provider '\(provider)' needs an API key: set the environment variable \(variable)"
        case .noModel:
            return "no model: pass --model, set model: in the prompt's front matter, or defaults.model in the config"
        }
    }

    public var errorDescription: String? { description }
}
