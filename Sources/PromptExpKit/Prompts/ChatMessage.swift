/// One message of a chat request: a role, its text, and for a conversation's earlier turns
/// the tool calls an assistant made or the call a tool result answers.
public struct ChatMessage: Hashable, Sendable {
    public enum Role: String, Hashable, Sendable, CaseIterable {
        case system, user, assistant, tool
    }

    public var role: Role
    public var content: String
    /// The calls an assistant turn made.
    public var toolCalls: [ToolCall]
    /// For a `tool` message: the call it answers.
    public var toolCallID: String?
    /// Images sent after the text.
    public var images: [ImagePart]

    public init(
        role: Role, content: String, toolCalls: [ToolCall] = [], toolCallID: String? = nil, images: [ImagePart] = []
    ) {
        self.role = role
        self.content = content
        self.toolCalls = toolCalls
        self.toolCallID = toolCallID
        self.images = images
    }

    /// Reads one message of a conversation as a dataset row gives it, in OpenAI's shape:
    /// `role`, `content` (text, or a list of parts whose text parts are joined), an
    /// assistant's `tool_calls` (OpenAI's `{id, function: {name, arguments}}` or
    /// `{id, name, arguments}`), a tool result's `tool_call_id`; throws why it cannot.
    static func reading(_ value: JSONValue) throws(MessageProblem) -> ChatMessage {
        guard let roleName = value["role"]?.stringValue else { throw MessageProblem("a message needs a role") }
        guard let role = Role(rawValue: roleName) else {
            throw MessageProblem("role '\(roleName)' is not system, user, assistant or tool")
        }
        let content: String
        switch value["content"] {
        case .string(let text)?: content = text
        case .array(let parts)?:
            var texts: [String] = []
            for part in parts {
                guard part["type"] == "text", let text = part["text"]?.stringValue else {
                    throw MessageProblem("a content part of type \(part["type"]?.stringValue ?? "?") is not text")
                }
                texts.append(text)
            }
            content = texts.joined()
        case .null?, nil: content = ""
        case let other?: throw MessageProblem("content must be text or a list of parts, not \(other.typeName)")
        }
        var calls: [ToolCall] = []
        for call in value["tool_calls"]?.arrayValue ?? [] {
            let function = call["function"] ?? call
            guard let name = function["name"]?.stringValue else { throw MessageProblem("a tool call needs a name") }
            switch function["arguments"] {
            case .string(let text)?:
                calls.append(ToolCall(id: call["id"]?.stringValue, name: name, argumentsText: text))
            case let arguments?: calls.append(ToolCall(id: call["id"]?.stringValue, name: name, arguments: arguments))
            case nil: calls.append(ToolCall(id: call["id"]?.stringValue, name: name, arguments: .object([:])))
            }
        }
        if !calls.isEmpty, role != .assistant { throw MessageProblem("only an assistant message makes tool calls") }
        let answered = value["tool_call_id"]?.stringValue
        if role == .tool, answered == nil { throw MessageProblem("a tool message needs the tool_call_id it answers") }
        return ChatMessage(role: role, content: content, toolCalls: calls, toolCallID: answered)
    }

    /// A conversation input as a person reads it: a line per message (`user: …`), each
    /// assistant call as `→ name({...})`, a tool's result with the call it answers. Nil when
    /// `value` is not a list of messages.
    public static func transcript(of value: JSONValue) -> String? {
        guard let items = value.arrayValue, !items.isEmpty else { return nil }
        var lines: [String] = []
        for item in items {
            guard let message = try? reading(item) else { return nil }
            let answering = message.toolCallID.map { " (answers \($0))" } ?? ""
            lines.append("\(message.role.rawValue)\(answering): \(message.content)")
            lines += message.toolCalls.map { "  " + $0.line }
        }
        return lines.joined(separator: "\n")
    }

    /// Why a message of a row's conversation cannot be read.
    struct MessageProblem: Error {
        let message: String
        init(_ message: String) { self.message = message }
    }

    /// The message as the request hash covers it: a plain message exactly as before
    /// conversations existed, so earlier results keep their hashes.
    public var json: JSONValue {
        var object: [String: JSONValue] = ["role": .string(role.rawValue), "content": .string(content)]
        if !toolCalls.isEmpty { object["tool_calls"] = .array(toolCalls.map(\.json)) }
        if let toolCallID { object["tool_call_id"] = .string(toolCallID) }
        if !images.isEmpty { object["images"] = .array(images.map(\.json)) }
        return .object(object)
    }
}
