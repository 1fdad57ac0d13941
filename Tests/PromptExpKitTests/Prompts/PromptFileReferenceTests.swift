import Foundation
import PromptExpTestSupport
import Testing

@testable import PromptExpKit

/// `tools: {file: …}` and a response schema's `file:`: named in the front matter, read
/// from the same place as the prompt, checked with errors that name both files.
@Suite struct PromptFileReferenceTests {
    static let prompt = """
        ---
        tools: {file: tools/orders.json}
        tool_choice: {name: get_order}
        response_format: {json_schema: {file: schemas/reply.json, name: reply}}
        ---
        user:
        Where is my order?

        """

    static let tools =
        #"[{"name": "get_order", "description": "Look up an order", "parameters": {"type": "object", "properties": {"order_id": {"type": "string"}}}}]"#
    static let schema = #"{"type": "object", "properties": {"answer": {"type": "string"}}, "required": ["answer"]}"#

    static func read(_ files: [String: String]) -> (String) -> Data? {
        { path in files[path].map { Data($0.utf8) } }
    }

    @Test func theFilesAreNamedAndReadIntoThePrompt() throws {
        let file = try PromptFile(text: Self.prompt, path: "prompts/p.prompt")
        #expect(file.frontMatter.references.map(\.path) == ["tools/orders.json", "schemas/reply.json"])
        #expect(file.frontMatter.tools.isEmpty)
        #expect(file.unreadReferences.count == 2)
        let read = try file.readingReferences(
            Self.read(["tools/orders.json": Self.tools, "schemas/reply.json": Self.schema]))
        #expect(read.unreadReferences.isEmpty)
        #expect(read.frontMatter.tools.map(\.name) == ["get_order"])
        #expect(read.frontMatter.tools.first?.description == "Look up an order")
        #expect(read.frontMatter.responseSchema?["required"] == ["answer"])
        #expect(read.frontMatter.requestParams["response_format"]?["json_schema"]?["name"] == "reply")
        // The same request as the inline prompt makes.
        let inline = try PromptFile(
            text: """
                ---
                tools:
                  - name: get_order
                    description: Look up an order
                    parameters: {type: object, properties: {order_id: {type: string}}}
                tool_choice: {name: get_order}
                response_format: {json_schema: {name: reply, schema: \(Self.schema)}}
                ---
                user:
                Where is my order?

                """, path: "prompts/q.prompt")
        #expect(read.frontMatter.requestParams == inline.frontMatter.requestParams)
    }

    @Test func toolsWrittenForOpenAIsAPIReadAsWell() throws {
        let file = try PromptFile(text: "---\ntools: {file: t.json}\n---\nuser:\nhi\n", path: "p.prompt")
        let openAI = #"[{"type": "function", "function": {"name": "notify", "parameters": {"type": "object"}}}]"#
        let read = try file.readingReferences(Self.read(["t.json": openAI]))
        #expect(read.frontMatter.tools.map(\.name) == ["notify"])
    }

    @Test(arguments: [
        ("tools: {file: t.json, extra: 1}", "prompts/p.prompt:2:8: tools: {file: PATH} takes the file alone"),
        ("tools: {file: ../t.json}", "prompts/p.prompt:2:15: ../t.json: outside the repository"),
        (
            "response_format: {json_schema: {file: s.json, schema: {type: object}}}",
            "response_format.json_schema takes a schema or a file, not both"
        ),
    ])
    func aBadReferenceIsAnErrorWhereTheKeyIs(line: String, message: String) {
        #expect {
            _ = try PromptFile(text: "---\n\(line)\n---\nuser:\nhi\n", path: "prompts/p.prompt")
        } throws: { "\($0)".contains(message) }
    }

    @Test func aBadFileNamesItsOwnLineAndThePromptsLine() throws {
        let file = try PromptFile(text: Self.prompt, path: "prompts/p.prompt")
        let nameless = "[\n  {\"description\": \"no name\"}\n]"
        #expect {
            _ = try file.readingReferences(
                Self.read(["tools/orders.json": nameless, "schemas/reply.json": Self.schema]))
        } throws: {
            "\($0)".hasPrefix("tools/orders.json:2:3: a tool needs a name (named at prompts/p.prompt:2:8)")
        }
        #expect {
            _ = try file.readingReferences(Self.read(["schemas/reply.json": Self.schema]))
        } throws: { "\($0)" == "prompts/p.prompt:2:8: tools/orders.json does not exist" }
        // The choice names a tool the file does not list.
        let other = #"[{"name": "notify"}]"#
        #expect {
            _ = try file.readingReferences(Self.read(["tools/orders.json": other, "schemas/reply.json": Self.schema]))
        } throws: { "\($0)".contains("tool_choice names 'get_order', which is not among tools: notify") }
    }

    @Test func aPromptWhoseFilesWereNotReadDoesNotRun() throws {
        let folder = try TemporaryDirectory()
        try folder.write("d.jsonl", #"{"id": "a"}"# + "\n")
        let file = try PromptFile(text: Self.prompt, path: "prompts/p.prompt")
        let plan = RunPlan(
            dataset: DatasetFile(url: folder.url.appendingPathComponent("d.jsonl")),
            variants: [RunVariant(label: "run", promptID: "p", file: file, blob: Repository.hashBlob(Data()))],
            models: [])
        #expect {
            _ = try plan.validated()
        } throws: { "\($0)".contains("tools/orders.json was not read for this run") }
    }
}
