import Foundation
import PromptExpKit

/// How the fake provider server answers a request that offers tools, in any of the three
/// wire formats: deterministically from the input, the way a model picks a tool by its
/// description. It calls the tool whose description (or name) shares the most words with
/// the last user message; with no word in common it answers in text, unless the request
/// requires a call. `tool_choice` none never calls; a named choice calls that tool.
/// Arguments: each string parameter whose name says `id` or `number` gets the first word
/// of the message holding a digit; other string parameters get the whole message.
enum FakeToolChooser {
    struct Offered {
        var name: String
        var description: String
        var parameters: JSONValue
    }

    /// The call to answer with, or nil for a text answer.
    static func call(for request: FakeProviderServer.Request) -> (name: String, arguments: JSONValue)? {
        guard let body = request.json else { return nil }
        let tools = offered(in: body)
        guard !tools.isEmpty else { return nil }
        let text = FakeProviderServer.lastUserText(in: request) ?? ""
        let (mode, forced) = choice(in: body)
        if mode == "none" { return nil }
        let chosen: Offered?
        if let forced {
            chosen = tools.first { $0.name == forced }
        } else {
            let words = Self.words(text)
            let scored = tools.map { tool in
                (tool, Self.words(tool.description + " " + tool.name).intersection(words).count)
            }
            let best = scored.max { $0.1 < $1.1 }
            if let best, best.1 > 0 {
                chosen = scored.first { $0.1 == best.1 }?.0
            } else {
                chosen = mode == "required" ? tools.first : nil
            }
        }
        guard let chosen else { return nil }
        return (chosen.name, arguments(for: chosen, text: text))
    }

    private static func words(_ text: String) -> Set<String> {
        Set(text.lowercased().split(whereSeparator: { !$0.isLetter }).map(String.init).filter { $0.count >= 3 })
    }

    private static func arguments(for tool: Offered, text: String) -> JSONValue {
        var arguments: [String: JSONValue] = [:]
        let identifier = text.split(whereSeparator: \.isWhitespace).map {
            $0.trimmingCharacters(in: .punctuationCharacters)
        }.first { $0.contains(where: \.isNumber) }
        for (name, schema) in tool.parameters["properties"]?.objectValue ?? [:] where schema["type"] == "string" {
            let lowered = name.lowercased()
            arguments[name] = .string(
                lowered.contains("id") || lowered.contains("number") ? identifier ?? text : text)
        }
        return .object(arguments)
    }

    /// The tools a body offers: OpenAI's `tools[].function`, Anthropic's `tools[]`,
    /// Gemini's `tools[].functionDeclarations[]`.
    private static func offered(in body: JSONValue) -> [Offered] {
        var found: [Offered] = []
        for tool in body["tools"]?.arrayValue ?? [] {
            if let function = tool["function"] {
                found.append(entry(function, schemaKey: "parameters"))
            } else if let declarations = tool["functionDeclarations"]?.arrayValue {
                found += declarations.map { entry($0, schemaKey: "parameters") }
            } else if tool["name"] != nil {
                found.append(entry(tool, schemaKey: "input_schema"))
            }
        }
        return found.filter { !$0.name.isEmpty }
    }

    private static func entry(_ value: JSONValue, schemaKey: String) -> Offered {
        Offered(
            name: value["name"]?.stringValue ?? "", description: value["description"]?.stringValue ?? "",
            parameters: value[schemaKey] ?? .object([:]))
    }

    /// The tool choice as a mode (`auto`, `none`, `required`) and a forced tool's name, in
    /// any of the three formats.
    private static func choice(in body: JSONValue) -> (mode: String, forced: String?) {
        if let openAI = body["tool_choice"] {
            if let mode = openAI.stringValue { return (mode, nil) }
            if let name = openAI["function"]?["name"]?.stringValue { return ("required", name) }
            switch openAI["type"]?.stringValue {
            case "none"?: return ("none", nil)
            case "any"?: return ("required", nil)
            case "tool"?: return ("required", openAI["name"]?.stringValue)
            default: return ("auto", nil)
            }
        }
        if let config = body["toolConfig"]?["functionCallingConfig"] {
            let allowed = config["allowedFunctionNames"]?.arrayValue?.first?.stringValue
            switch config["mode"]?.stringValue {
            case "NONE"?: return ("none", nil)
            case "ANY"?: return ("required", allowed)
            default: return ("auto", nil)
            }
        }
        return ("auto", nil)
    }

    /// A successful answer holding `call`, in the format the path belongs to.
    static func success(uri: String, call: (name: String, arguments: JSONValue), usage: (Int, Int)) -> String {
        let value: JSONValue
        if uri.contains(":generateContent") {
            value = [
                "candidates": [
                    [
                        "content": [
                            "role": "model",
                            "parts": [["functionCall": ["name": .string(call.name), "args": call.arguments]]],
                        ],
                        "finishReason": "STOP",
                    ]
                ],
                "usageMetadata": ["promptTokenCount": .int(usage.0), "candidatesTokenCount": .int(usage.1)],
            ]
        } else if uri.hasSuffix("/messages") {
            value = [
                "id": "msg_fake", "type": "message", "role": "assistant", "model": "fake",
                "content": [
                    ["type": "tool_use", "id": "toolu_fake_1", "name": .string(call.name), "input": call.arguments]
                ],
                "stop_reason": "tool_use",
                "usage": ["input_tokens": .int(usage.0), "output_tokens": .int(usage.1)],
            ]
        } else {
            value = [
                "id": "chatcmpl-fake", "object": "chat.completion", "model": "fake",
                "choices": [
                    [
                        "index": 0,
                        "message": [
                            "role": "assistant", "content": .null,
                            "tool_calls": [
                                [
                                    "id": "call_fake_1", "type": "function",
                                    "function": [
                                        "name": .string(call.name), "arguments": .string(call.arguments.canonicalJSON),
                                    ],
                                ]
                            ],
                        ],
                        "finish_reason": "tool_calls",
                    ]
                ],
                "usage": ["prompt_tokens": .int(usage.0), "completion_tokens": .int(usage.1)],
            ]
        }
        return value.canonicalJSON
    }
}
