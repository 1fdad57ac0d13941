/// A prompt in the terms every format shares: messages of Mustache text, the model and its
/// parameters, inputs, tools and the answer's form. Importers build one from another tool's
/// file and write it as a `.prompt` file; exports build one from a version and write it in
/// another tool's format. Round trips compare drafts.
public struct PromptDraft: Hashable, Sendable {
    public struct Message: Hashable, Sendable {
        public var role: ChatMessage.Role
        /// Mustache text; empty for a conversation.
        public var content: String
        /// For a `messages: {{name}}` line: the input whose messages go here.
        public var conversation: String?

        public init(role: ChatMessage.Role, content: String, conversation: String? = nil) {
            self.role = role
            self.content = content
            self.conversation = conversation
        }
    }

    public var id: String
    public var description: String?
    public var tags: [String] = []
    public var model: String?
    public var params: [String: JSONValue] = [:]
    public var inputs: [InputSpec] = []
    public var messages: [Message] = []
    public var tools: [ToolDefinition] = []
    public var toolChoice: ToolChoice?
    public var responseFormat: ResponseFormat?
    public var tests: TestsSpec?

    public init(id: String, messages: [Message] = []) {
        self.id = id
        self.messages = messages
    }

    /// The draft of a parsed prompt file whose referenced files were read.
    public init(id: String, file: PromptFile) {
        self.id = id
        let matter = file.frontMatter
        description = matter.description
        tags = matter.tags
        model = matter.model
        params = matter.params
        inputs = matter.inputs
        tools = matter.tools
        toolChoice = matter.toolChoice
        responseFormat = matter.responseFormat
        tests = matter.tests
        messages = file.template.segments.map { segment in
            if let name = segment.conversation { return Message(role: .user, content: "", conversation: name) }
            return Message(role: segment.role, content: Self.trimmed(segment.template.source))
        }
    }

    /// Images and conversations are promptexp's own lines; other formats cannot say them.
    public var usesConversations: Bool { messages.contains { $0.conversation != nil } }

    /// The `.prompt` file: front matter, then each message after its role line.
    public var promptFileText: String {
        var entries: [(String, YAMLWriter.Node)] = []
        if let description { entries.append(("description", .value(.string(description)))) }
        if !tags.isEmpty { entries.append(("tags", .sequence(tags.map { .value(.string($0)) }))) }
        if let model { entries.append(("model", .value(.string(model)))) }
        if !params.isEmpty { entries.append(("params", .json(.object(params)))) }
        if !inputs.isEmpty { entries.append(("inputs", .mapping(inputs.map { ($0.name, Self.inputNode($0)) }))) }
        if let tests { entries.append(("tests", Self.testsNode(tests))) }
        if !tools.isEmpty { entries.append(("tools", .sequence(tools.map(Self.toolNode)))) }
        if let toolChoice { entries.append(("tool_choice", Self.toolChoiceNode(toolChoice))) }
        if let responseFormat { entries.append(("response_format", Self.responseFormatNode(responseFormat))) }
        var text = entries.isEmpty ? "" : "---\n" + YAMLWriter.document(entries) + "---\n"
        for (index, message) in messages.enumerated() {
            if index > 0 { text += "\n" }
            if let name = message.conversation {
                text += "messages: {{\(name)}}\n"
            } else {
                text += "\(message.role.rawValue):\n\(message.content)\n"
            }
        }
        return text
    }

    static func inputNode(_ spec: InputSpec) -> YAMLWriter.Node {
        var fields: [(String, YAMLWriter.Node)] = [("type", .value(.string(spec.type.rawValue)))]
        if let value = spec.defaultValue { fields.append(("default", .json(value))) }
        if let description = spec.description { fields.append(("description", .value(.string(description)))) }
        if spec.defaultValue == nil, !spec.isRequired { fields.append(("required", .value(false))) }
        return .mapping(fields)
    }

    static func testsNode(_ tests: TestsSpec) -> YAMLWriter.Node {
        var fields: [(String, YAMLWriter.Node)] = []
        if let dataset = tests.dataset { fields.append(("dataset", .value(.string(dataset)))) }
        if !tests.evaluators.isEmpty {
            fields.append(("evaluators", .sequence(tests.evaluators.map { .value(.string($0)) })))
        }
        if !tests.models.isEmpty { fields.append(("models", .sequence(tests.models.map { .value(.string($0)) }))) }
        if let sequential = tests.sequential {
            fields.append(("verdict", .mapping([("sequential", .value(.bool(sequential)))])))
        }
        return .mapping(fields)
    }

    static func toolNode(_ tool: ToolDefinition) -> YAMLWriter.Node {
        var fields: [(String, YAMLWriter.Node)] = [("name", .value(.string(tool.name)))]
        if let description = tool.description { fields.append(("description", .value(.string(description)))) }
        fields.append(("parameters", .json(tool.parameters)))
        return .mapping(fields)
    }

    static func toolChoiceNode(_ choice: ToolChoice) -> YAMLWriter.Node {
        switch choice {
        case .auto: .value("auto")
        case .none: .value("none")
        case .required: .value("required")
        case .named(let name): .mapping([("name", .value(.string(name)))])
        }
    }

    static func responseFormatNode(_ format: ResponseFormat) -> YAMLWriter.Node {
        switch format {
        case .json: return .value("json")
        case .jsonSchema(let name, let schema, let strict):
            return .mapping([
                (
                    "json_schema",
                    .mapping([
                        ("name", .value(.string(name))), ("strict", .value(.bool(strict))), ("schema", .json(schema)),
                    ])
                )
            ])
        }
    }

    static func trimmed(_ text: String) -> String {
        var slice = Substring(text)
        while let first = slice.first, first.isNewline || first == " " || first == "\t" { slice.removeFirst() }
        while let last = slice.last, last.isWhitespace { slice.removeLast() }
        return String(slice)
    }
}
