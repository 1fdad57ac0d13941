/// The typed part of a prompt's YAML front matter.
///
/// An unknown key is an error with a did-you-mean: a typo (`tgas:`, `modle:`, `test:`) must
/// never silently drop the tags, the model or the gate. Keys meant for other tools go under
/// `metadata:` or start with `x-`; they are listed in `otherKeys`, kept as they are and never
/// rewritten: edits such as `prompt tag` change the file's text in place (see
/// `FrontMatterEditor`).
public struct PromptFrontMatter: Hashable, Sendable {
    public var description: String?
    public var tags: [String] = []
    /// A configured model name, or `provider/model`.
    public var model: String?
    public var params: [String: JSONValue] = [:]
    /// Declared inputs, in the order the file lists them.
    public var inputs: [InputSpec] = []
    /// False when the file has no `inputs:` key at all (then the template's variables are the inputs).
    public var declaresInputs = false
    public var tests: TestsSpec?
    /// Functions offered to the model, in file order (`tools:`).
    public var tools: [ToolDefinition] = []
    /// Whether the model may, must or must not call one (`tool_choice:`); nil: the provider's default.
    public var toolChoice: ToolChoice?
    /// The answer's form (`response_format:`): any JSON object, or JSON that fits a schema.
    public var responseFormat: ResponseFormat?
    /// Values kept in files of the repository (see `PromptFileReference`). A prompt that
    /// names any runs only once `PromptFile.readingReferences` has read them.
    public var references: [PromptFileReference] = []
    /// Whether the referenced files were read into `tools` and `responseFormat`.
    public var referencesRead = false
    /// Where `tool_choice: {name}` is, checked against tools that come from a file once read.
    var toolChoiceLocation: SourceLocation?
    /// Keys other tools put there, in file order.
    public var otherKeys: [String] = []

    static let knownKeys: Set<String> = [
        "description", "tags", "model", "params", "inputs", "tests", "tools", "tool_choice", "response_format",
        "metadata",
    ]
    static let toolKeys = ["name", "description", "parameters"]
    static let inputKeys = ["type", "default", "description", "required"]
    static let testsKeys = ["dataset", "evaluators", "models", "verdict"]

    /// The error for `entry`, a key promptexp does not know, with the nearest known key.
    static func unknownKey(_ entry: YAMLNode.Entry, known: [String], in place: String? = nil)
        -> YAMLNode.Problem
    {
        let suggestion = NameSuggester.suggestions(for: entry.key, among: known, limit: 1).first
        let within = place.map { " in \($0)" } ?? ""
        let hint =
            suggestion.map { "did you mean '\($0)'?" }
            ?? "known keys: \(known.joined(separator: ", ")); keys for other tools go under metadata: or start with x-"
        return YAMLNode.Problem(location: entry.keyLocation, message: "unknown key '\(entry.key)'\(within): \(hint)")
    }

    public init() {}

    /// Reads the front matter mapping; errors carry the file location of the offending node.
    init(node: YAMLNode) throws(YAMLNode.Problem) {
        var choiceNode: YAMLNode?
        for entry in try node.mapping("the front matter") {
            let value = entry.value
            switch entry.key {
            case "description":
                description = value.isNull ? nil : try value.string("description")
            case "tags":
                tags = try value.stringList("tags")
            case "model":
                model = value.isNull ? nil : try value.string("model")
            case "params":
                if !value.isNull {
                    for param in try value.mapping("params") { params[param.key] = param.value.json }
                }
            case "inputs":
                declaresInputs = true
                inputs = try Self.readInputs(value)
            case "tests":
                tests = value.isNull ? nil : try Self.readTests(value)
            case "tools":
                if let path = try Self.fileReference(value, in: "tools") {
                    references.append(PromptFileReference(target: .tools, path: path, location: value.location))
                } else {
                    tools = try Self.readTools(value)
                }
            case "tool_choice":
                toolChoice = try Self.readToolChoice(value)
                choiceNode = value
            case "response_format":
                if let reference = try ResponseFormat.fileReference(in: value) {
                    references.append(reference)
                } else {
                    responseFormat = value.isNull ? nil : try ResponseFormat(node: value)
                }
            case "metadata":
                otherKeys.append(entry.key)
            default:
                guard entry.key.hasPrefix("x-") else {
                    throw Self.unknownKey(entry, known: Self.knownKeys.sorted())
                }
                otherKeys.append(entry.key)
            }
        }
        toolChoiceLocation = choiceNode?.location
        // Tools from a file are checked against the choice once read.
        if !references.contains(where: { $0.target == .tools }), let problem = toolChoiceProblem, let choiceNode {
            throw choiceNode.fail(problem)
        }
    }

    /// Why `tool_choice` does not fit `tools`; nil when it does.
    var toolChoiceProblem: String? {
        if case .named(let name)? = toolChoice, !tools.contains(where: { $0.name == name }) {
            return
                "tool_choice names '\(name)', which is not among tools: \(tools.isEmpty ? "none are listed" : tools.map(\.name).joined(separator: ", "))"
        }
        if toolChoice != nil, tools.isEmpty { return "tool_choice needs tools: list the functions under tools:" }
        return nil
    }

    /// The path of `{file: PATH}`, or nil when `node` is not that form.
    static func fileReference(_ node: YAMLNode, in key: String) throws(YAMLNode.Problem) -> String? {
        guard case .mapping = node.kind else { return nil }
        let entries = try node.mapping(key)
        guard let file = entries.first(where: { $0.key == "file" }) else { return nil }
        guard entries.count == 1 else {
            throw node.fail("\(key): {file: PATH} takes the file alone (put the rest in the file)")
        }
        let path = try file.value.string("\(key).file")
        guard !path.hasPrefix("/"), !path.split(separator: "/").contains("..") else {
            throw file.value.fail("\(path): outside the repository; name a file inside it (no '..' or absolute paths)")
        }
        return path
    }

    /// The parameters a request carries: `params:`, plus the tools and the tool choice
    /// in OpenAI's shape (each provider maps them onto its own). A prompt without tools
    /// sends exactly its `params:`, so its requests hash as before.
    public var requestParams: [String: JSONValue] {
        var request = params
        if !tools.isEmpty { request["tools"] = .array(tools.map(\.requestJSON)) }
        if let toolChoice { request["tool_choice"] = toolChoice.requestJSON }
        if let responseFormat { request["response_format"] = responseFormat.requestJSON }
        return request
    }

    /// The schema the answer must fit, when `response_format` gives one: the json-schema
    /// evaluator checks against it without repeating it.
    public var responseSchema: JSONValue? {
        if case .jsonSchema(_, let schema, _)? = responseFormat { return schema }
        return nil
    }

    /// `tools:` is a list of `{name, description, parameters}`; names are unique, and
    /// `parameters` is a JSON Schema of `type: object`.
    static func readTools(_ node: YAMLNode) throws(YAMLNode.Problem) -> [ToolDefinition] {
        if node.isNull { return [] }
        guard case .sequence(let items) = node.kind else {
            throw node.fail("tools must be a list of {name, description, parameters}, or {file: PATH}")
        }
        var tools: [ToolDefinition] = []
        for listed in items {
            // A file written for OpenAI's API: `{type: function, function: {…}}`.
            var item = listed
            if case .mapping = listed.kind, let entries = try? listed.mapping("a tool"),
                entries.contains(where: { $0.key == "type" }),
                let function = entries.first(where: { $0.key == "function" })
            {
                item = function.value
            }
            var name: String?
            var description: String?
            var parameters: JSONValue = ["type": "object", "properties": [:]]
            for field in try item.mapping("a tool") {
                switch field.key {
                case "name": name = try field.value.string("a tool's name")
                case "description": description = try field.value.string("a tool's description")
                case "parameters":
                    parameters = field.value.json
                    guard parameters["type"] == "object" else {
                        throw field.value.fail(
                            "a tool's parameters must be a JSON Schema object schema (type: object, properties: …)")
                    }
                default: throw Self.unknownKey(field, known: Self.toolKeys, in: "a tool")
                }
            }
            guard let name else { throw item.fail("a tool needs a name") }
            guard ToolDefinition.isValidName(name) else {
                throw item.fail("tool name '\(name)' must be 1 to 64 letters, digits, _ or -")
            }
            guard !tools.contains(where: { $0.name == name }) else {
                throw item.fail("tool '\(name)' is listed twice")
            }
            tools.append(ToolDefinition(name: name, description: description, parameters: parameters))
        }
        return tools
    }

    /// `tool_choice:` is `auto`, `none`, `required`, or `{name: TOOL}`.
    private static func readToolChoice(_ node: YAMLNode) throws(YAMLNode.Problem) -> ToolChoice? {
        if node.isNull { return nil }
        if case .scalar = node.kind {
            switch try node.string("tool_choice") {
            case "auto": return .auto
            case "none": return ToolChoice.none
            case "required": return .required
            case let other: throw node.fail("tool_choice must be auto, none, required or {name: TOOL}, not '\(other)'")
            }
        }
        for field in try node.mapping("tool_choice") {
            guard field.key == "name" else { throw Self.unknownKey(field, known: ["name"], in: "tool_choice") }
            return .named(try field.value.string("tool_choice.name"))
        }
        throw node.fail("tool_choice must be auto, none, required or {name: TOOL}")
    }

    /// `inputs:` is a mapping of name to `{type, default, description, required}`, or a plain list of names.
    private static func readInputs(_ node: YAMLNode) throws(YAMLNode.Problem) -> [InputSpec] {
        if node.isNull { return [] }
        if case .sequence = node.kind {
            return try node.stringList("inputs").map { InputSpec(name: $0) }
        }
        var specs: [InputSpec] = []
        for entry in try node.mapping("inputs") {
            let spec = entry.value
            if spec.isNull {
                specs.append(InputSpec(name: entry.key))
                continue
            }
            var type = InputSpec.ValueType.string
            var defaultValue: JSONValue?
            var description: String?
            var required: Bool?
            for field in try spec.mapping("input '\(entry.key)'") {
                switch field.key {
                case "type":
                    let name = try field.value.string("the type of input '\(entry.key)'")
                    guard let parsed = InputSpec.ValueType(rawValue: name) else {
                        let allowed = InputSpec.ValueType.allCases.map(\.rawValue).joined(separator: ", ")
                        throw field.value.fail("unknown type '\(name)' for input '\(entry.key)'; use one of \(allowed)")
                    }
                    type = parsed
                case "default":
                    defaultValue = field.value.json
                case "description":
                    description = try field.value.string("the description of input '\(entry.key)'")
                case "required":
                    required = try field.value.bool("required")
                default:
                    throw Self.unknownKey(field, known: Self.inputKeys, in: "input '\(entry.key)'")
                }
            }
            if let defaultValue, !type.accepts(defaultValue) {
                throw spec.fail("the default of input '\(entry.key)' is \(defaultValue.typeName), not \(type.rawValue)")
            }
            specs.append(
                InputSpec(
                    name: entry.key, type: type, defaultValue: defaultValue, description: description,
                    isRequired: required))
        }
        return specs
    }

    private static func readTests(_ node: YAMLNode) throws(YAMLNode.Problem) -> TestsSpec {
        var tests = TestsSpec()
        for entry in try node.mapping("tests") {
            switch entry.key {
            case "dataset": tests.dataset = try entry.value.string("tests.dataset")
            case "evaluators": tests.evaluators = try entry.value.stringList("tests.evaluators")
            case "models": tests.models = try entry.value.stringList("tests.models")
            case "verdict":
                for field in try entry.value.mapping("tests.verdict") {
                    guard field.key == "sequential" else {
                        throw Self.unknownKey(field, known: ["sequential"], in: "tests.verdict")
                    }
                    tests.sequential = try field.value.bool("tests.verdict.sequential")
                }
            default: throw Self.unknownKey(entry, known: Self.testsKeys, in: "tests")
            }
        }
        return tests
    }
}
