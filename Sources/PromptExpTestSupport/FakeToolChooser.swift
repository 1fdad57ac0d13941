import Foundation
import PromptExpKit

/// How the fake provider server answers a request that offers tools, in any of the three
/// wire formats: the tools and the choice are read from the body, and `ToolPicker` (the
/// mock provider's rule) picks the call.
enum FakeToolChooser {
    /// The call to answer with, or nil for a text answer.
    static func call(for request: FakeProviderServer.Request) -> (name: String, arguments: JSONValue)? {
        guard let body = request.json else { return nil }
        let tools = offered(in: body)
        let (mode, forced) = choice(in: body)
        let toolChoice: ToolChoice? =
            forced.map(ToolChoice.named) ?? (mode == "none" ? ToolChoice.none : mode == "required" ? .required : .auto)
        return ToolPicker.call(
            tools: tools, choice: toolChoice, userText: FakeProviderServer.lastUserText(in: request) ?? "")
    }

    /// The tools a body offers: OpenAI's `tools[].function`, Anthropic's `tools[]`,
    /// Gemini's `tools[].functionDeclarations[]`.
    private static func offered(in body: JSONValue) -> [ToolDefinition] {
        var found: [ToolDefinition] = []
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

    private static func entry(_ value: JSONValue, schemaKey: String) -> ToolDefinition {
        ToolDefinition(
            name: value["name"]?.stringValue ?? "", description: value["description"]?.stringValue,
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
