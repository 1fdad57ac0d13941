import Foundation
import PromptExpKit
import PromptExpTestSupport
import Testing

/// Logged requests with images import: the image of an `image:` line becomes the input,
/// stored once under `datasets/images/` by its hash; what cannot be represented (an image
/// by URL, an image in an earlier turn) is skipped and counted with its reason.
@Suite struct ImageLogImportTests {
    static let png = TestImages.png
    static let gif = TestImages.gif

    static let prompt = """
        ---
        model: mock/echo
        inputs:
          photo: {type: image}
          question: {type: string}
        ---
        user:
        {{question}}
        image: {{photo}}

        """

    /// A Helicone line: `messages` as the request sent them, answered with `answer`.
    static func line(_ id: String, messages: JSONValue, anthropic: Bool = false) -> String {
        let response: JSONValue =
            anthropic
            ? ["content": [["type": "text", "text": "a dot"]], "stop_reason": "end_turn"]
            : ["choices": [["message": ["role": "assistant", "content": "a dot"], "finish_reason": "stop"]]]
        let request: JSONValue = ["model": anthropic ? "claude-haiku-4-5" : "gpt-4o-mini", "messages": messages]
        let line: JSONValue = ["request_id": .string(id), "request_body": request, "response_body": response]
        return line.canonicalJSON
    }

    static func openAIUser(_ text: String, imageURL: String) -> JSONValue {
        [
            "role": "user",
            "content": [
                ["type": "text", "text": .string(text)],
                ["type": "image_url", "image_url": ["url": .string(imageURL)]],
            ],
        ]
    }

    @Test func imagesImportOnceByHashAndTheRowsRun() throws {
        let scratch = try ScratchRepository()
        try scratch.commit(["prompts/look.prompt": Self.prompt, ".gitignore": ".promptexp/cache/\n"], message: "look")
        let pngURL = "data:image/png;base64," + Self.png.base64EncodedString()
        let lines = [
            Self.line("r1", messages: [Self.openAIUser("What is this?", imageURL: pngURL)]),
            Self.line("r2", messages: [Self.openAIUser("And now?", imageURL: pngURL)]),
            Self.line(
                "r3",
                messages: [
                    [
                        "role": "user",
                        "content": [
                            ["type": "text", "text": "Which colour?"],
                            [
                                "type": "image",
                                "source": [
                                    "type": "base64", "media_type": "image/gif",
                                    "data": .string(Self.gif.base64EncodedString()),
                                ],
                            ],
                        ],
                    ]
                ], anthropic: true),
            Self.line("r4", messages: [Self.openAIUser("Far away?", imageURL: "https://example.com/cat.png")]),
            Self.line("r5", messages: [["role": "user", "content": "No picture?"]]),
            Self.line(
                "r6",
                messages: [
                    Self.openAIUser("First?", imageURL: pngURL), ["role": "assistant", "content": "a dot"],
                    Self.openAIUser("Second?", imageURL: pngURL),
                ]),
        ]
        let log = scratch.root.appendingPathComponent("helicone.jsonl")
        try (lines.joined(separator: "\n") + "\n").write(to: log, atomically: true, encoding: .utf8)
        let imported = try scratch.promptexp("dataset", "import", log.path, "--prompt", "look", "-o", "photos")
        #expect(imported.status == 0, "\(imported.standardError)")
        let shown = imported.standardOutput + imported.standardError
        #expect(shown.contains("3 rows written"), "\(shown)")
        #expect(shown.contains("an image given by URL (promptexp never fetches one)"), "\(shown)")
        #expect(shown.contains("a different number of images than the template's image lines"), "\(shown)")

        let rows = try scratch.read("datasets/photos.jsonl").split(separator: "\n").map {
            try JSONValue.parse(Data($0.utf8))
        }
        let pngPath = "datasets/images/" + ImagePart(mediaType: "image/png", data: Self.png).sha256 + ".png"
        let gifPath = "datasets/images/" + ImagePart(mediaType: "image/gif", data: Self.gif).sha256 + ".gif"
        #expect(rows.map { $0["inputs"]?["photo"]?.stringValue } == [pngPath, pngPath, gifPath])
        #expect(rows.map { $0["inputs"]?["question"]?.stringValue } == ["What is this?", "And now?", "Which colour?"])
        // Each image once, byte for byte; nothing else in the folder.
        #expect(try Data(contentsOf: scratch.root.appendingPathComponent(pngPath)) == Self.png)
        #expect(try Data(contentsOf: scratch.root.appendingPathComponent(gifPath)) == Self.gif)
        #expect(
            try FileManager.default.contentsOfDirectory(
                atPath: scratch.root.appendingPathComponent("datasets/images").path
            )
            .count == 2)

        // The rows run as they are: the request carries each image.
        let ran = try scratch.promptexp("run", "look", "--dataset", "photos", "--quiet")
        #expect(ran.status == 0, "\(ran.standardError)")
        let results = try scratch.read(".promptexp/runs/look.results.jsonl")
        #expect(results.split(separator: "\n").count == 3)
    }

    @Test func anImportThatWritesNoDatasetLeavesNoImages() throws {
        let scratch = try ScratchRepository()
        try scratch.commit(["prompts/look.prompt": Self.prompt], message: "look")
        let pngURL = "data:image/png;base64," + Self.png.base64EncodedString()
        // The image line fits; the second line is not JSON, and --strict stops there.
        let log = scratch.root.appendingPathComponent("log.jsonl")
        try (Self.line("r1", messages: [Self.openAIUser("What?", imageURL: pngURL)]) + "\n{not json\n").write(
            to: log, atomically: true, encoding: .utf8)
        let imported = try scratch.promptexp(
            "dataset", "import", log.path, "--prompt", "look", "-o", "photos", "--strict")
        #expect(imported.status == 1, "\(imported.standardOutput)")
        #expect(
            !FileManager.default.fileExists(atPath: scratch.root.appendingPathComponent("datasets/photos.jsonl").path))
        let folder = scratch.root.appendingPathComponent("datasets/images").path
        #expect((try? FileManager.default.contentsOfDirectory(atPath: folder))?.isEmpty ?? true)
    }

    @Test func aPassThatOnlyCountsWritesNoImages() throws {
        let folder = try TemporaryDirectory()
        let pngURL = "data:image/png;base64," + Self.png.base64EncodedString()
        let log = folder.url.appendingPathComponent("log.jsonl")
        try (Self.line("r1", messages: [Self.openAIUser("What?", imageURL: pngURL)]) + "\n").write(
            to: log, atomically: true, encoding: .utf8)
        var options = LogImporter.Options()
        let images = folder.url.appendingPathComponent("datasets/images")
        options.imageFolder = LogImporter.ImageFolder(url: images, path: "datasets/images")
        let importer = try LogImporter(
            file: try PromptFile(text: Self.prompt, path: "prompts/look.prompt"), promptID: "look", options: options)
        #expect(try importer.run([(log, "log.jsonl")], to: nil).imported == 1)
        #expect(!FileManager.default.fileExists(atPath: images.path))
        // Writing the dataset stores the image.
        #expect(try importer.run([(log, "log.jsonl")], to: folder.url.appendingPathComponent("d.jsonl")).imported == 1)
        #expect(try FileManager.default.contentsOfDirectory(atPath: images.path).count == 1)
    }
}
