import Foundation

/// How the offline mock provider (and the tests' fake server) answers a request that
/// offers tools: deterministically, the way a model picks a tool by its description. It
/// calls the tool whose description (or name) shares the most words with the last user
/// message, the first listed on a tie; with no word in common it answers in text, unless
/// a call is required. `none` never calls; a named choice calls that tool. Arguments: each
/// string parameter whose name says `id` or `number` gets the first word of the message
/// holding a digit; other string parameters get the whole message.
public enum ToolPicker {
    /// The call to answer with, or nil for a text answer.
    public static func call(tools: [ToolDefinition], choice: ToolChoice?, userText: String) -> (
        name: String, arguments: JSONValue
    )? {
        guard !tools.isEmpty, choice != ToolChoice.none else { return nil }
        let chosen: ToolDefinition?
        if case .named(let name)? = choice {
            chosen = tools.first { $0.name == name }
        } else {
            let asked = words(userText)
            let scored = tools.map { ($0, words(($0.description ?? "") + " " + $0.name).intersection(asked).count) }
            let best = scored.map(\.1).max() ?? 0
            chosen = best > 0 ? scored.first { $0.1 == best }?.0 : (choice == .required ? tools.first : nil)
        }
        guard let chosen else { return nil }
        return (chosen.name, arguments(for: chosen, text: userText))
    }

    private static func words(_ text: String) -> Set<String> {
        Set(text.lowercased().split(whereSeparator: { !$0.isLetter }).map(String.init).filter { $0.count >= 3 })
    }

    private static func arguments(for tool: ToolDefinition, text: String) -> JSONValue {
        let identifier = text.split(whereSeparator: \.isWhitespace).map {
            $0.trimmingCharacters(in: .punctuationCharacters)
        }.first { $0.contains(where: \.isNumber) }
        var arguments: [String: JSONValue] = [:]
        for (name, schema) in tool.parameters["properties"]?.objectValue ?? [:] where schema["type"] == "string" {
            let lowered = name.lowercased()
            arguments[name] = .string(lowered.contains("id") || lowered.contains("number") ? identifier ?? text : text)
        }
        return .object(arguments)
    }
}
