import Foundation

/// A call to a tool in a model's answer (or in an assistant turn of a conversation).
///
/// The arguments are kept parsed, so results lines (canonical JSON) stay byte-stable
/// whatever order the model wrote the keys in. Arguments that are not valid JSON are what
/// the model did: kept as their text, with `argumentsAreValid` false, for evaluators to see.
public struct ToolCall: Hashable, Sendable {
    /// The provider's id for the call, which a tool result answers; nil when it gave none.
    public var id: String?
    public var name: String
    public var arguments: JSONValue
    public var argumentsAreValid: Bool
    /// What was wrong with making this call at all, as the request offered it: `not
    /// offered` (a tool the request did not list) or `tool_choice was none`. Recorded, not
    /// corrected: it is what the model did.
    public var problem: String?

    public init(
        id: String? = nil, name: String, arguments: JSONValue, argumentsAreValid: Bool = true, problem: String? = nil
    ) {
        self.id = id
        self.name = name
        self.arguments = arguments
        self.argumentsAreValid = argumentsAreValid
        self.problem = problem
    }

    /// From arguments as a JSON text, the way OpenAI sends them.
    public init(id: String?, name: String, argumentsText: String) {
        if let parsed = try? JSONValue.parse(Data(argumentsText.utf8)) {
            self.init(id: id, name: name, arguments: parsed)
        } else {
            self.init(id: id, name: name, arguments: .string(argumentsText), argumentsAreValid: false)
        }
    }

    /// How a results line keeps it.
    public var json: JSONValue {
        var object: [String: JSONValue] = ["name": .string(name), "arguments": arguments]
        if let id { object["id"] = .string(id) }
        if !argumentsAreValid { object["arguments_invalid"] = true }
        if let problem { object["problem"] = .string(problem) }
        return .object(object)
    }

    public init?(json: JSONValue) {
        guard let name = json["name"]?.stringValue else { return nil }
        self.init(
            id: json["id"]?.stringValue, name: name, arguments: json["arguments"] ?? .object([:]),
            argumentsAreValid: json["arguments_invalid"] != true, problem: json["problem"]?.stringValue)
    }

    /// The call as text, for evaluators that read text and for views:
    /// `→ get_order({"id":"A-7"})`.
    public var line: String {
        "→ \(name)(\(argumentsText))" + (problem.map { " [\($0)]" } ?? "")
    }

    /// The calls of an answer to `params` (a request's parameters), each marked with what
    /// was wrong with making it: a tool the request did not offer, or any call when the
    /// tool choice was none.
    static func marked(_ calls: [ToolCall], params: [String: JSONValue]) -> [ToolCall] {
        guard !calls.isEmpty else { return calls }
        let offered = Set((params["tools"]?.arrayValue ?? []).compactMap { $0["function"]?["name"]?.stringValue })
        let none = params["tool_choice"] == "none"
        return calls.map { call in
            var marked = call
            if !offered.contains(call.name) {
                marked.problem = "not offered"
            } else if none {
                marked.problem = "tool_choice was none"
            }
            return marked
        }
    }

    /// The arguments as the JSON text OpenAI's wire format carries.
    var argumentsText: String {
        argumentsAreValid ? arguments.canonicalJSON : arguments.stringValue ?? arguments.canonicalJSON
    }
}
