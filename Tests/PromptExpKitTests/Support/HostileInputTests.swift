import Foundation
import PromptExpKit
import PromptExpTestSupport
import Testing

/// Input written to hurt: alias bombs, bytes that are not UTF-8, unclosed tags, links and
/// paths that lead out of the repository. Each gets one clear error naming where it is.
@Suite struct HostileInputTests {
    /// Nine aliases of nine aliases, nine levels deep: 9^9 nodes once expanded.
    static let aliasBomb: String = {
        var lines = ["a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]"]
        let names = ["b", "c", "d", "e", "f", "g", "h", "i"]
        var previous = "a"
        for name in names {
            lines.append(
                "\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 9).joined(separator: ",") + "]")
            previous = name
        }
        return lines.joined(separator: "\n") + "\n"
    }()

    @Test func anAliasBombInTheConfigIsRefusedWithItsPlace() {
        #expect {
            try ProjectConfig.parse(Self.aliasBomb, path: ".promptexp/config.yaml")
        } throws: { error in
            let text = "\(error)"
            return text.hasPrefix(".promptexp/config.yaml:") && text.hasSuffix(": too many aliases")
                && text.split(separator: ":").count == 4
        }
    }

    @Test func anAliasBombInFrontMatterIsRefusedWithItsPlace() {
        let prompt = "---\n" + Self.aliasBomb + "---\nuser:\nhi\n"
        #expect {
            try PromptFile(text: prompt, path: "prompts/bomb.prompt")
        } throws: { error in
            let text = "\(error)"
            return text.hasPrefix("prompts/bomb.prompt:") && text.hasSuffix("too many aliases")
        }
        // A few honest aliases still work.
        let config = "defaults: &d {concurrency: 3}\nevaluators:\n  short: {kind: length, max_words: 5}\n"
        #expect((try? ProjectConfig.parse(config, path: "c")) != nil)
    }

    @Test func invalidUTF8InADatasetLineNamesLineAndColumn() throws {
        let folder = try TemporaryDirectory()
        var bytes = Data(#"{"q": "fine"}"#.utf8 + [0x0A])
        bytes += Data(#"{"q": "caf"#.utf8) + Data([0xC3, 0x28]) + Data(#""}"#.utf8 + [0x0A])
        try bytes.write(to: folder.file("d.jsonl"))
        let file = DatasetFile(url: folder.file("d.jsonl"), displayPath: "datasets/d.jsonl")
        #expect {
            try file.allRows()
        } throws: { error in
            "\(error)" == "datasets/d.jsonl:2:11: invalid UTF-8"
        }
    }

    @Test func invalidUTF8InAPromptNamesLineAndColumn() {
        let data = Data("---\ntags: []\n---\nuser:\nhé".utf8) + Data([0xFF]) + Data("llo\n".utf8)
        #expect {
            try PromptFile(data: data, path: "prompts/p.prompt")
        } throws: { error in
            "\(error)".hasPrefix("prompts/p.prompt:5:3: ") && "\(error)".hasSuffix("invalid UTF-8")
        }
    }

    @Test func anUnclosedTagPointsAtItsLineAndColumn() {
        let prompt = "---\ntags: []\n---\nsystem:\nBe brief.\nuser:\nhi {{customer\n"
        #expect {
            try PromptFile(text: prompt, path: "prompts/p.prompt")
        } throws: { error in
            "\(error)" == "prompts/p.prompt:7:4: template error: the tag '{{customer' is never closed: add '}}'"
        }
    }

    @Test func pathsOutOfTheRepositoryAndLinksAreRefused() throws {
        let scratch = try ScratchRepository()
        try scratch.commitProjectExamples()
        let outside = try TemporaryDirectory()
        try outside.write("d.jsonl", "{\"q\": \"x\"}\n")
        let project = try Project.open(at: scratch.root)
        for name in ["../d.jsonl", outside.file("d.jsonl").path, "datasets/../../d.jsonl"] {
            #expect(throws: ProjectFileError.outsideRepository(name)) { try project.dataset(name) }
        }
        // A link inside the repository, to a file outside it or inside it, is refused too.
        try FileManager.default.createSymbolicLink(
            atPath: scratch.root.appendingPathComponent("datasets/linked.jsonl").path,
            withDestinationPath: outside.file("d.jsonl").path)
        #expect(throws: ProjectFileError.symbolicLink("datasets/linked.jsonl")) { try project.dataset("linked") }
        let prompt = scratch.root.appendingPathComponent("prompts/support/reply.prompt")
        try FileManager.default.moveItem(at: prompt, to: scratch.root.appendingPathComponent("prompts/real.prompt"))
        try FileManager.default.createSymbolicLink(atPath: prompt.path, withDestinationPath: "../real.prompt")
        #expect(throws: ProjectFileError.symbolicLink("prompts/support/reply.prompt")) {
            try project.resolve("support/reply", at: .working)
        }
    }

    @Test func resultsFilesOfDifferentPromptsNeverCollide() {
        #expect(ProjectLayout.runResults("a/b") != ProjectLayout.runResults("a--b"))
        #expect(ProjectLayout.runResults("a/b") == ".promptexp/runs/a/b.results.jsonl")
    }
}
