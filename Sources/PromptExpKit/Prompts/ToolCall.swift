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

    public init(id: String? = nil, name: String, arguments: JSONValue, argumentsAreValid: Bool = true) {
        self.id = id
        self.name = name
        self.arguments = arguments
        self.argumentsAreValid = argumentsAreValid
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
        return .object(object)
    }

    public init?(json: JSONValue) {
        guard let name = json["name"]?.stringValue else { return nil }
        self.init(
            id: json["id"]?.stringValue, name: name, arguments: json["arguments"] ?? .object([:]),
            argumentsAreValid: json["arguments_invalid"] != true)
    }

    /// The call as text, for evaluators that read text and for views:
    /// `→ get_order({"id":"A-7"})`.
    public var line: String {
        "→ \(name)(\(argumentsAreValid ? arguments.canonicalJSON : arguments.stringValue ?? arguments.canonicalJSON))"
    }

    /// The arguments as the JSON text OpenAI's wire format carries.
    var argumentsText: String {
        argumentsAreValid ? arguments.canonicalJSON : arguments.stringValue ?? arguments.canonicalJSON
    }
}
