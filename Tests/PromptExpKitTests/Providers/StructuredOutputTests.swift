import Foundation
import PromptExpTestSupport
import Testing

@testable import PromptExpKit

/// `response_format:` in the front matter: checked when read, sent as each provider asks
/// for structured output, and Anthropic's forced tool read back as the answer's text.
@Suite struct StructuredOutputTests {
    static let file = """
        ---
        response_format:
          json_schema:
            name: reply
            schema:
              type: object
              required: [answer]
              properties:
                answer: {type: string}
        ---
        user:
        {{question}}

        """

    static let schema: JSONValue = [
        "type": "object", "required": ["answer"], "properties": ["answer": ["type": "string"]],
    ]

    static func request() throws -> ChatRequest {
        let prompt = try PromptFile(text: file, path: "p.prompt")
        return ChatRequest(
            model: "m", messages: try prompt.render(["question": "Why?"], promptID: "p", rowLabel: "r"),
            params: prompt.frontMatter.requestParams)
    }

    @Test func eachProviderIsAskedForTheSchemaInItsOwnWay() throws {
        let request = try Self.request()
        #expect(
            OpenAIProvider.body(for: request)["response_format"] == [
                "type": "json_schema", "json_schema": ["name": "reply", "schema": Self.schema, "strict": true],
            ])
        let anthropic = try AnthropicProvider.body(for: request)
        #expect(anthropic["tool_choice"] == ["type": "tool", "name": "promptexp_response"])
        #expect(anthropic["tools"]?.arrayValue?.first?["input_schema"] == Self.schema)
        #expect(anthropic["response_format"] == nil)
        let gemini = try GeminiProvider.body(for: request)
        #expect(gemini["generationConfig"]?["responseMimeType"] == "application/json")
        #expect(gemini["generationConfig"]?["responseJsonSchema"] == Self.schema)
    }

    @Test func anthropicsForcedToolIsTheAnswerNotACall() throws {
        let response = try AnthropicProvider.parse(
            json: [
                "content": [
                    ["type": "tool_use", "id": "t1", "name": "promptexp_response", "input": ["answer": "Because."]]
                ],
                "stop_reason": "tool_use",
            ])
        #expect(response.text == #"{"answer":"Because."}"#)
        #expect(response.toolCalls.isEmpty)
        #expect(response.finishReason == "stop")
    }

    @Test(arguments: [
        (
            "---\nresponse_format: yaml\n---\nhi",
            "p:2:18: response_format must be json or {json_schema: {name, schema, strict}}"
        ),
        (
            "---\nresponse_format:\n  json_schema:\n    schema: {type: array}\n---\nhi",
            "p:4:13: the response schema must be an object schema (type: object, properties: …)"
        ),
        (
            "---\nresponse_format:\n  json_schema: {name: x}\n---\nhi",
            "p:3:16: response_format.json_schema needs a schema"
        ),
        (
            "---\nresponse_format:\n  jsonschema: {}\n---\nhi",
            "p:3:3: unknown key 'jsonschema' in response_format: did you mean 'json_schema'?"
        ),
    ])
    func badResponseFormatsAreErrorsAtTheirLines(text: String, message: String) {
        do {
            _ = try PromptFile(text: text, path: "p")
            Issue.record("expected an error")
        } catch {
            #expect(error.description == message)
        }
    }

    /// A run scores each answer against the prompt's own schema: the evaluator names none.
    @Test func aRunChecksAnswersAgainstThePromptsSchema() async throws {
        try await withFakeServer { server, _ in
            server.answer { request in
                (FakeProviderServer.lastUserText(in: request) ?? "").contains("good")
                    ? #"{"answer": "fine"}"# : #"{"answer": 7}"#
            }
            let scratch = try ScratchRepository()
            let prompt = Self.file.replacingOccurrences(
                of: "---\nuser:",
                with: "model: m\ntests:\n  dataset: datasets/d.jsonl\n  evaluators: [fits]\n---\nuser:")
            let files = [
                "prompts/p.prompt": prompt,
                "datasets/d.jsonl": #"{"id": "a", "question": "a good one"}"# + "\n"
                    + #"{"id": "b", "question": "a bad one"}"#
                    + "\n",
                ".promptexp/config.yaml":
                    "providers:\n  fake: {kind: openai, base_url: \"\(server.baseURL)/v1\"}\nmodels:\n  m: {provider: fake}\nevaluators:\n  fits: {kind: json-schema}\n",
            ]
            for (path, text) in files { try scratch.write(path, text) }
            try scratch.commit(files, message: "setup")
            let project = try Project.open(at: scratch.root)
            let run = try PromptRun(
                project: project, prompt: try project.resolve("p", at: nil), settings: RunSettings(), output: nil)
            let done = try await RunContext.use(project: project, settings: RunSettings()) { context in
                let evaluation = try EvaluatorSet(
                    context: context, names: run.evaluatorNames, useCache: false, output: run.job.output)
                return try await run.perform(in: context, evaluation: evaluation, observer: SilentObserver())
            }
            #expect(try #require(done).result.digest.variants.first?.passRate == 0.5)
            let lines = try scratch.read(".promptexp/runs/p.results.jsonl").split(separator: "\n")
            #expect(lines.first?.contains(#""fits":{"pass":true"#) == true)
            #expect(lines.last?.contains(#""fits":{"pass":false"#) == true)
            // The request asked for the schema.
            #expect(server.requests.first?.json?["response_format"]?["json_schema"]?["schema"] == Self.schema)
        }
    }

    struct SilentObserver: RunObserver {
        let control = RunControl()
    }

    @Test func jsonModeAsksForAnyJSONObject() throws {
        let prompt = try PromptFile(text: "---\nresponse_format: json\n---\nhi\n", path: "p")
        #expect(prompt.frontMatter.requestParams["response_format"] == ["type": "json_object"])
        #expect(prompt.frontMatter.responseSchema == nil)
    }
}
