/// One logged request in a format-neutral shape: the messages sent (or, for dataset-like
/// formats, the inputs themselves), what production answered, and what is known about
/// the call.
public struct LogEntry: Sendable {
    /// 1-based line in its file.
    public var line: Int
    public var messages: [ChatMessage]?
    /// Given directly by formats that store variables (Langfuse items, plain rows).
    public var inputs: [String: JSONValue]?
    public var id: String?
    public var output: String?
    /// The tools production's answer called (its `output` may then be empty).
    public var outputToolCalls: [ToolCall] = []
    public var expected: JSONValue?
    /// Model, tokens, latency, cost, the original request id, custom properties.
    public var metadata: [String: JSONValue] = [:]

    public init(line: Int) {
        self.line = line
    }
}

/// Why a line could not be read as a log entry (a malformed line, not a mismatch).
struct LogLineProblem: Error {
    let column: Int
    let message: String

    init(_ message: String, column: Int = 1) {
        self.message = message
        self.column = column
    }
}

/// Reading chat messages the way providers write them.
enum LoggedMessages {
    /// `[{role, content}]` with content as text or as a list of parts; `developer` counts
    /// as `system`. Tool calls and results come in OpenAI's shape (an assistant's
    /// `tool_calls`, a `tool` message's `tool_call_id`) or Anthropic's (`tool_use` and
    /// `tool_result` blocks). Fails (with the reason) for images and other parts.
    static func parse(_ value: JSONValue?, system: JSONValue? = nil) -> Result<[ChatMessage], LogLineProblem> {
        guard let items = value?.arrayValue else { return .failure(LogLineProblem("no messages list")) }
        var messages: [ChatMessage] = []
        if let system, let text = text(of: system) { messages.append(ChatMessage(role: .system, content: text)) }
        for item in items {
            guard let roleName = item["role"]?.stringValue else {
                return .failure(LogLineProblem("a message without a role"))
            }
            let role: ChatMessage.Role
            switch roleName {
            case "developer", "system": role = .system
            case "user": role = .user
            case "assistant": role = .assistant
            case "tool": role = .tool
            default: return .failure(LogLineProblem("unsupported message role '\(roleName)'"))
            }
            let content = item["content"] ?? .null
            // Anthropic's blocks: tool results become tool messages, tool uses calls.
            if let blocks = content.arrayValue,
                blocks.contains(where: { $0["type"] == "tool_use" || $0["type"] == "tool_result" })
            {
                var text = ""
                var calls: [ToolCall] = []
                for block in blocks {
                    switch block["type"]?.stringValue {
                    case "text"?: text += block["text"]?.stringValue ?? ""
                    case "tool_use"?:
                        guard let name = block["name"]?.stringValue else {
                            return .failure(LogLineProblem("a tool_use block without a name"))
                        }
                        calls.append(
                            ToolCall(
                                id: block["id"]?.stringValue, name: name, arguments: block["input"] ?? .object([:])))
                    case "tool_result"?:
                        let result = block["content"].flatMap(Self.text(of:)) ?? ""
                        messages.append(
                            ChatMessage(role: .tool, content: result, toolCallID: block["tool_use_id"]?.stringValue))
                    case let other:
                        return .failure(
                            LogLineProblem("a content block of type \(other ?? "?") (images are not imported yet)"))
                    }
                }
                if !text.isEmpty || !calls.isEmpty {
                    messages.append(ChatMessage(role: role, content: text, toolCalls: calls))
                }
                continue
            }
            let calls = toolCalls(in: item)
            guard let text = content.isNull && (!calls.isEmpty || role == .tool) ? "" : text(of: content) else {
                return .failure(LogLineProblem("a message with a part that is not text (images are not imported yet)"))
            }
            if role == .tool, item["tool_call_id"]?.stringValue == nil {
                return .failure(LogLineProblem("a tool message without the tool_call_id it answers"))
            }
            messages.append(
                ChatMessage(role: role, content: text, toolCalls: calls, toolCallID: item["tool_call_id"]?.stringValue))
        }
        return .success(messages)
    }

    /// An OpenAI message's `tool_calls`, arguments parsed from their JSON text.
    static func toolCalls(in message: JSONValue) -> [ToolCall] {
        (message["tool_calls"]?.arrayValue ?? []).compactMap { call in
            guard let function = call["function"], let name = function["name"]?.stringValue else { return nil }
            return ToolCall(
                id: call["id"]?.stringValue, name: name, argumentsText: function["arguments"]?.stringValue ?? "{}")
        }
    }

    /// A content value's text: a string, or the text parts of a parts list.
    static func text(of content: JSONValue) -> String? {
        if let text = content.stringValue { return text }
        guard let parts = content.arrayValue else { return nil }
        var texts: [String] = []
        for part in parts {
            guard part["type"]?.stringValue == "text" || part["type"] == nil, let text = part["text"]?.stringValue
            else { return nil }
            texts.append(text)
        }
        return texts.joined()
    }
}
