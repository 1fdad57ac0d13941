import Foundation

/// The log and export formats `dataset import` reads.
public enum LogFormat: String, Sendable, CaseIterable {
    /// `{"messages": [...]}` per line, as in OpenAI fine-tuning files; a final assistant
    /// message is the output.
    case openaiChat = "openai-chat"
    /// OpenAI Batch input and output files, joined by `custom_id` (Anthropic Message
    /// Batches requests and results too).
    case openaiBatch = "openai-batch"
    /// Helicone request exports: `request_body`, `response_body`, `request_properties`,
    /// `prompt_tokens`, `completion_tokens`, `delay_ms`, `costUSD`, `request_id`.
    case helicone
    /// Langfuse dataset items: `input`, `expectedOutput`, `metadata`.
    case langfuse
    /// promptexp dataset rows.
    case jsonl

    /// The format of a first line, or nil when it looks like none of them.
    static func detect(_ value: JSONValue) -> LogFormat? {
        guard let object = value.objectValue else { return nil }
        if object["custom_id"] != nil { return .openaiBatch }
        if object["request_body"] != nil || object["signed_body_content"] != nil
            || (object["request_id"] != nil && object["delay_ms"] != nil)
        {
            return .helicone
        }
        if object["input"] != nil && (object["expectedOutput"] != nil || object["datasetId"] != nil) {
            return .langfuse
        }
        if object["messages"]?.arrayValue != nil && object.count <= 3 { return .openaiChat }
        return .jsonl
    }

    /// Reads one line of this format (batch files are joined by `LogImporter`).
    func entry(_ value: JSONValue, line: Int) -> Result<LogEntry, LogLineProblem> {
        guard value.objectValue != nil else { return .failure(LogLineProblem("not a JSON object")) }
        var entry = LogEntry(line: line)
        switch self {
        case .openaiChat:
            switch LoggedMessages.parse(value["messages"]) {
            case .failure(let problem): return .failure(problem)
            case .success(var messages):
                if messages.last?.role == .assistant, messages.count > 1 {
                    let answer = messages.removeLast()
                    entry.output = answer.content
                    entry.outputToolCalls = answer.toolCalls
                }
                entry.messages = messages
            }
        case .helicone:
            let body = value["signed_body_content"]
            let request = value["request_body"].flatMap(Self.object) ?? body?["request"].flatMap(Self.object)
            let response = value["response_body"].flatMap(Self.object) ?? body?["response"].flatMap(Self.object)
            guard let request else { return .failure(LogLineProblem("no request_body")) }
            switch LoggedMessages.parse(request["messages"], system: request["system"]) {
            case .failure(let problem): return .failure(problem)
            case .success(let messages): entry.messages = messages
            }
            if let response {
                entry.output = Self.answer(response)
                entry.outputToolCalls = Self.answerToolCalls(response)
            }
            entry.metadata = Self.compact([
                "model": value["response_model"] ?? value["request_model"] ?? value["model"] ?? request["model"],
                "input_tokens": value["prompt_tokens"], "output_tokens": value["completion_tokens"],
                "latency_ms": value["delay_ms"], "cost": value["costUSD"] ?? value["cost"],
                "request_id": value["request_id"] ?? value["id"],
                "properties": value["request_properties"].flatMap { $0.objectValue?.isEmpty == false ? $0 : nil },
            ])
        case .langfuse:
            let input = value["input"] ?? .null
            if let object = input.objectValue, object["messages"] == nil {
                entry.inputs = object
            } else if let text = input.stringValue {
                entry.messages = [ChatMessage(role: .user, content: text)]
            } else {
                switch LoggedMessages.parse(input["messages"] ?? input) {
                case .failure(let problem): return .failure(problem)
                case .success(let messages): entry.messages = messages
                }
            }
            if let expected = value["expectedOutput"], !expected.isNull { entry.expected = expected }
            entry.id = value["id"]?.stringValue
            entry.metadata = value["metadata"]?.objectValue ?? [:]
            if let id = entry.id { entry.metadata["langfuse_id"] = .string(id) }
        case .jsonl:
            do {
                let row = try DatasetFile.RowIterator.parse(Array(value.canonicalJSON.utf8)[...], line: line, path: "")
                entry.inputs = row.inputs
                entry.id = row.id
                entry.expected = row.expected
                entry.output = row.output?.displayText
                entry.metadata = row.metadata
            } catch {
                return .failure(LogLineProblem("\(error)"))
            }
        case .openaiBatch:
            return .failure(LogLineProblem("batch lines are read by the importer"))
        }
        return .success(entry)
    }

    /// A body given as an object, or as JSON text.
    static func object(_ value: JSONValue) -> JSONValue? {
        if value.objectValue != nil { return value }
        if let text = value.stringValue, let parsed = try? JSONValue.parse(Data(text.utf8)), parsed.objectValue != nil {
            return parsed
        }
        return nil
    }

    /// The answer text of an OpenAI chat completion or an Anthropic message (its text
    /// blocks; an answer that only calls tools has an empty text).
    static func answer(_ response: JSONValue) -> String? {
        if let choice = response["choices"]?.arrayValue?.first {
            let message = choice["message"]
            if message?["content"]?.isNull ?? true, !(message.map(LoggedMessages.toolCalls(in:)) ?? []).isEmpty {
                return ""
            }
            return message?["content"].flatMap(LoggedMessages.text(of:))
        }
        if let content = response["content"]?.arrayValue {
            return content.filter { $0["type"] == "text" }.compactMap { $0["text"]?.stringValue }.joined()
        }
        if let content = response["content"] { return LoggedMessages.text(of: content) }
        return nil
    }

    /// The tools an OpenAI chat completion or an Anthropic message called.
    static func answerToolCalls(_ response: JSONValue) -> [ToolCall] {
        if let message = response["choices"]?.arrayValue?.first?["message"] {
            return LoggedMessages.toolCalls(in: message)
        }
        return (response["content"]?.arrayValue ?? []).filter { $0["type"] == "tool_use" }.compactMap { block in
            block["name"]?.stringValue.map {
                ToolCall(id: block["id"]?.stringValue, name: $0, arguments: block["input"] ?? .object([:]))
            }
        }
    }

    static func compact(_ values: [String: JSONValue?]) -> [String: JSONValue] {
        values.compactMapValues { $0.flatMap { $0.isNull ? nil : $0 } }
    }
}
