import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PromptExpKit
import PromptExpTestSupport
import Testing

@testable import PromptExpView

/// An experiment on a prompt with an image input: the HTML report embeds the image its
/// rows name (the report is one file), the web page gets it from the server, from the
/// experiment's branch, with the token, and nothing else through that door.
@Suite struct ImageViewTests {
    static let png = TestImages.png

    /// A repository whose `look` experiment ran on two rows, each naming a picture.
    static func experiment() throws -> ScratchRepository {
        let scratch = try ScratchRepository()
        try FileManager.default.createDirectory(
            at: scratch.root.appendingPathComponent("images"), withIntermediateDirectories: true)
        try png.write(to: scratch.root.appendingPathComponent("images/dot.png"))
        try scratch.commit(
            [
                "prompts/look.prompt": """
                ---
                model: mock/echo
                tags: [production]
                inputs:
                  photo: {type: image}
                  question: {type: string}
                tests:
                  evaluators: [not-empty]
                ---
                user:
                {{question}}
                image: {{photo}}

                """,
                "datasets/photos.jsonl": """
                {"id": "a", "photo": "images/dot.png", "question": "What is this?"}
                {"id": "b", "photo": "data:image/png;base64,\(png.base64EncodedString())", "question": "And this?"}

                """,
                ".gitignore": ".promptexp/cache/\n",
            ], message: "look")
        try scratch.git("add", "images/dot.png")
        try scratch.git("commit", "-qm", "picture")
        let started = try scratch.promptexp("exp", "new", "look", "--prompt", "look", "--dataset", "photos")
        #expect(started.status == 0, "\(started.standardError)")
        try scratch.write(
            "prompts/look.prompt",
            try scratch.read("prompts/look.prompt").replacingOccurrences(
                of: "{{question}}", with: "Describe it: {{question}}"))
        let ran = try scratch.promptexp("exp", "run", "--yes", "--quiet")
        #expect(ran.status == 0, "\(ran.standardError)")
        try scratch.git("checkout", "-q", "main")
        return scratch
    }

    @Test func theHTMLReportEmbedsTheRowsImages() throws {
        let scratch = try Self.experiment()
        let report = try scratch.promptexp("report", "look", "--format", "html")
        #expect(report.status == 0, "\(report.standardError)")
        let embedded = "<img src=\"data:image/png;base64,\(Self.png.base64EncodedString())\" alt=\"images/dot.png\">"
        #expect(report.standardOutput.contains(embedded))
        #expect(report.standardOutput.contains("alt=\"data: URL\""))
        // Read from the branch, not the working tree: gone from main, the report still shows it.
        try scratch.git("rm", "-q", "images/dot.png")
        try scratch.git("commit", "-qm", "no picture on main")
        #expect(try scratch.promptexp("report", "look", "--format", "html").standardOutput.contains(embedded))
    }

    @Test func thePageGetsImagesFromTheBranchWithTheTokenOnly() async throws {
        let scratch = try Self.experiment()
        defer { withExtendedLifetime(scratch) {} }
        let app = Application(router: ViewServer(root: scratch.root, token: "t0ken").router())
        try await app.test(.router) { client in
            let rows = try await sendWithToken(client, .get, "/api/rows?experiment=look")
            #expect(rows?["image_inputs"] == ["photo"])
            let image = "/api/image?experiment=look&path=images/dot.png"
            try await client.execute(uri: image + "&token=t0ken", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "image/png")
                #expect(Data(response.body.readableBytesView) == Self.png)
            }
            try await client.execute(uri: image, method: .get) { #expect($0.status == .unauthorized) }
            for (path, status) in [
                ("../outside.png", HTTPResponse.Status.badRequest), ("prompts/look.prompt", .badRequest),
                ("images/none.png", .notFound),
            ] {
                try await client.execute(
                    uri: "/api/image?experiment=look&token=t0ken&path=\(path)", method: .get
                ) { #expect($0.status == status, "\(path)") }
            }
        }
    }

    @Test(.enabled(if: browserPresentOrCI(), "needs /usr/bin/chromium (apt-get install chromium)"))
    func thePageShowsTheRowsImages() throws {
        let scratch = try Self.experiment()
        let view = try RunningView(in: scratch)
        defer { _ = view.stop() }
        // The row opened (as a link to it does) shows its image.
        func page(row: String) throws -> String {
            let flags = [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--virtual-time-budget=5000", "--dump-dom", view.url + "#/experiment/look?row=\(row)%7Cmock%2Fecho%7C0",
            ]
            return try ProcessRunner.run(
                URL(fileURLWithPath: "/usr/bin/chromium"), flags, in: scratch.root, timeout: 120
            )
            .standardOutput
        }
        let first = try page(row: "a")
        #expect(
            first.contains("<img src=\"/api/image?experiment=look&amp;path=images%2Fdot.png&amp;token="), "\(first)")
        #expect(first.contains("<figcaption>images/dot.png</figcaption>"))
        #expect(try page(row: "b").contains("<img src=\"data:image/png;base64,"))
    }
}
