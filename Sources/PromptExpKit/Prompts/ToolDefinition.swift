/// A function the prompt offers the model (`tools:` in the front matter): its name, what
/// it does, and its parameters as a JSON Schema object. promptexp never runs a tool: it
/// evaluates the model's next message, which may be a call to one.
public struct ToolDefinition: Hashable, Sendable {
    public var name: String
    public var description: String?
    /// A JSON Schema of `type: object`; an empty object schema when not given.
    public var parameters: JSONValue

    public init(
        name: String, description: String? = nil, parameters: JSONValue = ["type": "object", "properties": [:]]
    ) {
        self.name = name
        self.description = description
        self.parameters = parameters
    }

    /// Providers take names of letters, digits, `_` and `-`, up to 64 characters.
    static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.count <= 64
            && name.unicodeScalars.allSatisfy {
                ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) || $0 == "_" || $0 == "-"
            }
    }

    /// OpenAI's shape, the one a request's parameters carry (each provider maps it onto
    /// its own wire format).
    var requestJSON: JSONValue {
        var function: [String: JSONValue] = ["name": .string(name), "parameters": parameters]
        if let description { function["description"] = .string(description) }
        return ["type": "function", "function": .object(function)]
    }

    /// Reads one tool as a request's `tools` parameter holds it (OpenAI's shape).
    init?(requestJSON value: JSONValue) {
        guard let function = value["function"], let name = function["name"]?.stringValue else { return nil }
        self.init(
            name: name, description: function["description"]?.stringValue,
            parameters: function["parameters"] ?? ["type": "object", "properties": [:]])
    }
}

/// Whether the model may, must or must not call a tool (`tool_choice:`).
public enum ToolChoice: Hashable, Sendable {
    case auto, none, required
    /// This tool and no other.
    case named(String)

    var requestJSON: JSONValue {
        switch self {
        case .auto: "auto"
        case .none: "none"
        case .required: "required"
        case .named(let name): ["type": "function", "function": ["name": .string(name)]]
        }
    }

    /// Reads a request's `tool_choice` parameter (OpenAI's shape).
    init?(requestJSON value: JSONValue) {
        switch value {
        case "auto": self = .auto
        case "none": self = .none
        case "required": self = .required
        default:
            guard let name = value["function"]?["name"]?.stringValue else { return nil }
            self = .named(name)
        }
    }
}
