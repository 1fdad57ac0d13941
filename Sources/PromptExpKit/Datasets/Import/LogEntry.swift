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
    /// as `system`. Nil (with the reason) for tool calls, images and other non-text parts.
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
            default: return .failure(LogLineProblem("unsupported message role '\(roleName)'"))
            }
            guard let content = item["content"], let text = text(of: content) else {
                return .failure(LogLineProblem("a message without text content (tool calls or images)"))
            }
            messages.append(ChatMessage(role: role, content: text))
        }
        return .success(messages)
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
