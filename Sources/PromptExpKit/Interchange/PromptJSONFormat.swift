/// promptexp's own JSON for a prompt version, for applications and other tools: the
/// messages as Mustache text (rendered without HTML escaping, each message trimmed of
/// surrounding white space, as promptexp renders them), the model and its params, the
/// declared inputs with their defaults, tools, tool choice and response format in OpenAI's
/// request shapes, and where the version came from. `prompt export --tag production`
/// writes several in one bundle: `{"format": "promptexp-prompts", "prompts": {id: …}}`.
public enum PromptJSONFormat {
    public static let bundleFormat = "promptexp-prompts"
    static let engine = "mustache: no HTML escaping; each message trimmed of surrounding white space"

    /// One prompt as a JSON object.
    public static func json(_ export: PromptExport) -> JSONValue {
        let draft = export.draft
        var object: [String: JSONValue] = [
            "id": .string(draft.id),
            "template_engine": .string(engine),
            "messages": .array(
                draft.messages.map { message in
                    var item: [String: JSONValue] = [
                        "role": .string(message.role.rawValue), "content": .string(message.content),
                    ]
                    if let name = message.conversation { item["conversation"] = .string(name) }
                    return .object(item)
                }),
            "params": .object(draft.params),
        ]
        if let version = export.version { object["version"] = .string(version) }
        if let commit = export.commit { object["commit"] = .string(commit) }
        if let blob = export.blob { object["blob"] = .string(blob) }
        if let description = draft.description { object["description"] = .string(description) }
        if !draft.tags.isEmpty { object["tags"] = .array(draft.tags.map(JSONValue.string)) }
        if let model = draft.model { object["model"] = .string(model) }
        if !draft.inputs.isEmpty {
            object["inputs"] = .object(
                Dictionary(
                    uniqueKeysWithValues: draft.inputs.map { input in
                        var spec: [String: JSONValue] = [
                            "type": .string(input.type.rawValue), "required": .bool(input.isRequired),
                        ]
                        if let value = input.defaultValue { spec["default"] = value }
                        if let description = input.description { spec["description"] = .string(description) }
                        return (input.name, .object(spec))
                    }))
        }
        if !draft.tools.isEmpty { object["tools"] = .array(draft.tools.map(\.requestJSON)) }
        if let choice = draft.toolChoice { object["tool_choice"] = choice.requestJSON }
        if let format = draft.responseFormat { object["response_format"] = format.requestJSON }
        return .object(object)
    }

    static func text(_ export: PromptExport) -> (text: String, lost: [String]) {
        (json(export).prettyJSON + "\n", [])
    }

    /// The bundle of several prompts, keyed by id.
    public static func bundle(_ exports: [PromptExport]) -> JSONValue {
        [
            "format": .string(bundleFormat), "version": 1,
            "prompts": .object(Dictionary(uniqueKeysWithValues: exports.map { ($0.draft.id, json($0)) })),
        ]
    }

    static func plan(_ source: ImportSource, name: String) throws(InterchangeError) -> ImportPlan {
        var plan = ImportPlan(format: .json, source: source.path)
        let value = try OpenAIEvalsImporter.json(source)
        if value["format"]?.stringValue == bundleFormat {
            throw .malformed(
                SourceLocation(path: source.path, line: 1),
                "a bundle of \(value["prompts"]?.objectValue?.count ?? 0) prompts; import one prompt's JSON (prompt export P --format json)"
            )
        }
        guard let messages = value["messages"]?.arrayValue else {
            throw .malformed(
                SourceLocation(path: source.path, line: 1), "no messages: not a prompt exported by promptexp")
        }
        var draft = PromptDraft(id: name)
        for message in messages {
            guard let role = message["role"]?.stringValue.flatMap(ChatMessage.Role.init(rawValue:)), role != .tool
            else {
                throw .malformed(
                    SourceLocation(path: source.path, line: 1), "a message needs role system, user or assistant")
            }
            draft.messages.append(
                .init(
                    role: role, content: message["content"]?.stringValue ?? "",
                    conversation: message["conversation"]?.stringValue))
        }
        draft.description = value["description"]?.stringValue
        draft.tags = value["tags"]?.arrayValue?.compactMap(\.stringValue) ?? []
        draft.model = value["model"]?.stringValue
        draft.params = value["params"]?.objectValue ?? [:]
        for (key, spec) in (value["inputs"]?.objectValue ?? [:]).sorted(by: { $0.key < $1.key }) {
            let type = spec["type"]?.stringValue.flatMap(InputSpec.ValueType.init(rawValue:)) ?? .string
            draft.inputs.append(
                InputSpec(
                    name: key, type: type, defaultValue: spec["default"], description: spec["description"]?.stringValue,
                    isRequired: spec["required"].map { $0 == true }))
        }
        for tool in value["tools"]?.arrayValue ?? [] {
            let function = tool["function"] ?? tool
            guard let toolName = function["name"]?.stringValue else { continue }
            draft.tools.append(
                ToolDefinition(
                    name: toolName, description: function["description"]?.stringValue,
                    parameters: function["parameters"] ?? ["type": "object", "properties": [:]]))
        }
        switch value["tool_choice"] {
        case "auto"?: draft.toolChoice = .auto
        case "none"?: draft.toolChoice = ToolChoice.none
        case "required"?: draft.toolChoice = .required
        case let choice?: draft.toolChoice = choice["function"]?["name"]?.stringValue.map(ToolChoice.named)
        case nil: break
        }
        if let format = value["response_format"] {
            if let schema = format["json_schema"] {
                draft.responseFormat = .jsonSchema(
                    name: schema["name"]?.stringValue ?? "response", schema: schema["schema"] ?? [:],
                    strict: schema["strict"] != false)
            } else if format["type"]?.stringValue == "json_object" {
                draft.responseFormat = .json
            }
        }
        plan.prompts = [draft]
        return plan
    }
}
