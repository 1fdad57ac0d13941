import Foundation
import PromptExpTestSupport
import Testing

@testable import PromptExpKit

/// An input of type `image`, placed by an `image: {{photo}}` line: read from the
/// repository (or a data: URL), checked before anything is sent, hashed by its SHA-256
/// (never its bytes) and sent as each provider's image part.
@Suite struct ImageInputTests {
    static let png = TestImages.png

    static let file = """
        ---
        inputs:
          photo: {type: image}
          question: {type: string}
        ---
        user:
        {{question}}
        image: {{photo}}

        """

    @Test func anImageFromTheRepositoryGoesWithItsMessage() throws {
        let folder = try TemporaryDirectory()
        try FileManager.default.createDirectory(
            at: folder.url.appendingPathComponent("images"), withIntermediateDirectories: true)
        try Self.png.write(to: folder.url.appendingPathComponent("images/dot.png"))
        let prompt = try PromptFile(text: Self.file, path: "p.prompt")
        let messages = try prompt.render(
            ["photo": "images/dot.png", "question": "What is this?"], promptID: "p", rowLabel: "r",
            imageRoot: folder.url)
        #expect(messages.count == 1)
        #expect(messages[0].content == "What is this?")
        let image = try #require(messages[0].images.first)
        #expect(image.mediaType == "image/png")
        #expect(image.data == Self.png)
        // The request hash covers the image by its SHA-256, not its bytes.
        let hashed = messages[0].json
        #expect(hashed["images"] == [["media_type": "image/png", "sha256": .string(image.sha256)]])
        #expect(!hashed.canonicalJSON.contains(Self.png.base64EncodedString()))
        #expect(image.sha256.count == 64)

        let fromURL = try prompt.render(
            ["photo": .string("data:image/png;base64," + Self.png.base64EncodedString()), "question": "q"],
            promptID: "p", rowLabel: "r")
        #expect(fromURL[0].images.first?.sha256 == image.sha256)
    }

    @Test(arguments: [
        ("images/none.png", "cannot read images/none.png"),
        ("notes.txt", "notes.txt is not a PNG, JPEG, WebP or GIF image"),
        ("../outside.png", "outside"),
        ("data:image/png,abc", "a data: URL must be base64"),
    ])
    func aBadImageIsAnErrorNamingTheRow(photo: String, problem: String) throws {
        let folder = try TemporaryDirectory()
        try folder.write("notes.txt", "just text")
        let prompt = try PromptFile(text: Self.file, path: "p.prompt")
        do {
            _ = try prompt.render(
                ["photo": .string(photo), "question": "q"], promptID: "p", rowLabel: "datasets/d.jsonl:2 (row b)",
                imageRoot: folder.url)
            Issue.record("expected an error for \(photo)")
        } catch {
            #expect(
                error.description.hasPrefix("datasets/d.jsonl:2 (row b): input 'photo' of prompt 'p': "))
            #expect(error.description.contains(problem), "\(error.description)")
        }
        // A run's validation pass reads only the first bytes, and refuses the same.
        #expect {
            try prompt.check(
                ["photo": .string(photo), "question": "q"], promptID: "p", rowLabel: "r", imageRoot: folder.url)
        } throws: { "\($0)".contains(problem) }
    }

    @Test func aRowsImageIsReadOnceForAllItsVariants() throws {
        let folder = try TemporaryDirectory()
        try Self.png.write(to: folder.url.appendingPathComponent("dot.png"))
        var reader = ImageReader(root: folder.url)
        let prompt = try PromptFile(text: Self.file, path: "p.prompt")
        let inputs: [String: JSONValue] = ["photo": "dot.png", "question": "q"]
        let first = try prompt.render(inputs, promptID: "p", rowLabel: "r", images: &reader)
        // Gone from disk: a second variant of the row still gets it, from the one read.
        try FileManager.default.removeItem(at: folder.url.appendingPathComponent("dot.png"))
        let second = try prompt.render(inputs, promptID: "p", rowLabel: "r", images: &reader)
        #expect(second[0].images == first[0].images)
        #expect(throws: PromptError.self) {
            try prompt.render(inputs, promptID: "p", rowLabel: "r", imageRoot: folder.url)
        }
    }

    @Test func eachProviderGetsItsOwnImagePart() throws {
        let image = ImagePart(mediaType: "image/png", data: Self.png)
        let request = ChatRequest(model: "m", messages: [ChatMessage(role: .user, content: "Look", images: [image])])
        let base64 = JSONValue.string(Self.png.base64EncodedString())
        #expect(
            OpenAIProvider.body(for: request)["messages"]?.arrayValue?.first?["content"] == [
                ["type": "text", "text": "Look"],
                [
                    "type": "image_url",
                    "image_url": ["url": .string("data:image/png;base64," + Self.png.base64EncodedString())],
                ],
            ])
        #expect(
            try AnthropicProvider.body(for: request)["messages"]?.arrayValue?.first?["content"] == [
                ["type": "text", "text": "Look"],
                ["type": "image", "source": ["type": "base64", "media_type": "image/png", "data": base64]],
            ])
        #expect(
            try GeminiProvider.body(for: request)["contents"]?.arrayValue?.first?["parts"] == [
                ["text": "Look"], ["inlineData": ["mimeType": "image/png", "data": base64]],
            ])
    }

    @Test func aRunRefusesAMissingImageBeforeSendingAnything() async throws {
        try await withFakeServer { server, _ in
            let scratch = try ScratchRepository()
            let files = [
                "prompts/p.prompt": Self.file.replacingOccurrences(of: "---\nuser:", with: "model: m\n---\nuser:"),
                "datasets/d.jsonl": #"{"id": "a", "photo": "images/gone.png", "question": "q"}"# + "\n",
                ".promptexp/config.yaml":
                    "providers:\n  fake: {kind: openai, base_url: \"\(server.baseURL)/v1\"}\nmodels:\n  m: {provider: fake}\n",
            ]
            for (path, text) in files { try scratch.write(path, text) }
            try scratch.commit(files, message: "setup")
            let project = try Project.open(at: scratch.root)
            var settings = RunSettings()
            settings.dataset = "datasets/d.jsonl"
            #expect(throws: PromptError.self) {
                _ = try PromptRun(
                    project: project, prompt: try project.resolve("p", at: nil), settings: settings, output: nil)
            }
            #expect(server.requestCount == 0)
        }
    }
}
