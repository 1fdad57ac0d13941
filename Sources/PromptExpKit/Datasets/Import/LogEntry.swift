import Foundation

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

/// Why a line could not be read as a log entry: a malformed line, or (`unrepresentable`)
/// a well-formed request a dataset row cannot hold, which is skipped and counted.
struct LogLineProblem: Error {
    let column: Int
    let message: String
    var unrepresentable = false

    init(_ message: String, column: Int = 1) {
        self.message = message
        self.column = column
    }

    static func skipped(_ miss: TemplateMatcher.Miss) -> LogLineProblem {
        var problem = LogLineProblem(miss.rawValue)
        problem.unrepresentable = true
        return problem
    }
}

/// Reading chat messages the way providers write them.
enum LoggedMessages {
    /// `[{role, content}]` with content as text or as a list of parts; `developer` counts
    /// as `system`. Tool calls and results come in OpenAI's shape (an assistant's
    /// `tool_calls`, a `tool` message's `tool_call_id`) or Anthropic's (`tool_use` and
    /// `tool_result` blocks). Images come as OpenAI's `image_url` parts or Anthropic's
    /// `image` blocks, inline (base64); one given by URL is not fetched, and the request is
    /// skipped. Fails (with the reason) for other parts.
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
            var text = ""
            var calls = toolCalls(in: item)
            var images: [ImagePart] = []
            if let blocks = content.arrayValue {
                for block in blocks {
                    switch block["type"]?.stringValue {
                    case "text"?, nil:
                        guard let part = block["text"]?.stringValue else {
                            return .failure(LogLineProblem("a content part without its text"))
                        }
                        text += part
                    case "image_url"?, "image"?:
                        switch image(in: block) {
                        case .success(let found): images.append(found)
                        case .failure(let problem): return .failure(problem)
                        }
                    // Anthropic's blocks: tool results become tool messages, tool uses calls.
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
                    case let other?:
                        return .failure(LogLineProblem("a content part of type \(other), which promptexp cannot send"))
                    }
                }
                // A user turn that held only tool results is those results.
                if text.isEmpty, calls.isEmpty, images.isEmpty, blocks.contains(where: { $0["type"] == "tool_result" })
                {
                    continue
                }
            } else if let string = content.stringValue {
                text = string
            } else if !content.isNull {
                return .failure(LogLineProblem("content must be text or a list of parts, not \(content.typeName)"))
            }
            if role == .tool, item["tool_call_id"]?.stringValue == nil {
                return .failure(LogLineProblem("a tool message without the tool_call_id it answers"))
            }
            messages.append(
                ChatMessage(
                    role: role, content: text, toolCalls: calls, toolCallID: item["tool_call_id"]?.stringValue,
                    images: images))
        }
        return .success(messages)
    }

    /// The image of an OpenAI `image_url` part (a `data:` URL) or an Anthropic `image`
    /// block (`source` of type `base64`).
    static func image(in part: JSONValue) -> Result<ImagePart, LogLineProblem> {
        if let source = part["source"] {
            guard source["type"] == "base64", let encoded = source["data"]?.stringValue else {
                return .failure(.skipped(.imageByURL))
            }
            guard let data = Data(base64Encoded: encoded) else {
                return .failure(LogLineProblem("an image block whose data is not base64"))
            }
            do {
                return .success(try ImagePart.committed(data, path: "an image block"))
            } catch {
                return .failure(LogLineProblem(error.message))
            }
        }
        guard let url = (part["image_url"]?["url"] ?? part["image_url"])?.stringValue else {
            return .failure(LogLineProblem("an image_url part without its url"))
        }
        guard url.hasPrefix("data:") else { return .failure(.skipped(.imageByURL)) }
        do {
            return .success(try ImagePart.loading(url, root: nil))
        } catch {
            return .failure(LogLineProblem(error.message))
        }
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
