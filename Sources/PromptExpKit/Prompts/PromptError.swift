public import Foundation

/// Everything that can be wrong with a prompt, its versions or its rendering.
public enum PromptError: Error, Equatable, Sendable, CustomStringConvertible, LocalizedError, PromptExpError {
    /// The file is not a valid prompt: bad front matter, a bad template, a bad key.
    case malformed(SourceLocation, String)
    /// No prompt with this id; `suggestions` are near names.
    case unknownPrompt(String, suggestions: [String])
    /// The selector names no version of the prompt.
    case unknownVersion(prompt: String, selector: String, reason: String)
    /// A row (or `--var` set) lacks an input the prompt needs.
    case missingInput(name: String, prompt: String, row: String)
    /// An input has the wrong JSON type for its declaration.
    case wrongInputType(name: String, prompt: String, row: String, expected: String, found: String)
    /// An input of the right type whose value cannot be used (a conversation message that
    /// does not read, an image that cannot be read).
    case badInput(name: String, prompt: String, row: String, problem: String)
    /// The prompt id is not a relative path below `prompts/`.
    case invalidID(String)

    public var description: String {
        switch self {
        case .malformed(let location, let message):
            return "\(location): \(message)"
        case .unknownPrompt(let id, let suggestions):
            let hint =
                suggestions.isEmpty ? "" : "; did you mean \(suggestions.map { "'\($0)'" }.joined(separator: " or "))?"
            return "no prompt named '\(id)' (looked for prompts/\(id).prompt)\(hint)"
        case .unknownVersion(let prompt, let selector, let reason):
            return "prompt '\(prompt)' has no version '\(selector)': \(reason)"
        case .missingInput(let name, let prompt, let row):
            return "\(row): missing input '\(name)' required by prompt '\(prompt)'"
        case .wrongInputType(let name, let prompt, let row, let expected, let found):
            return "\(row): input '\(name)' of prompt '\(prompt)' must be \(expected), found \(found)"
        case .badInput(let name, let prompt, let row, let problem):
            return "\(row): input '\(name)' of prompt '\(prompt)': \(problem)"
        case .invalidID(let id):
            return "'\(id)' is not a prompt id: use the path under prompts/ without .prompt, such as support/reply"
        }
    }

    public var errorDescription: String? { description }
}

extension PromptError {
    /// True for a row that lacks a required input.
    public var isMissingInput: Bool {
        if case .missingInput = self { return true }
        return false
    }
}
