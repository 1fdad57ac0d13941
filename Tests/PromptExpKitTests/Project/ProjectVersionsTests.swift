import Foundation
import PromptExpKit
import PromptExpTestSupport
import Testing

@Suite struct ProjectVersionsTests {
    static func prompt(_ line: String, tags: [String] = []) -> String {
        let tagLine = tags.isEmpty ? "" : "tags: [\(tags.joined(separator: ", "))]\n"
        return "---\ndescription: greeter\n\(tagLine)---\nuser:\n\(line) {{name}}\n"
    }

    /// Three versions: v1, v2 tagged production, v3 untagged, plus an unrelated commit.
    func threeVersions() throws -> (ScratchRepository, Project, [ObjectID]) {
        let scratch = try ScratchRepository()
        let v1 = try scratch.commit(["prompts/greet.prompt": Self.prompt("Hi")], message: "first greeting")
        let v2 = try scratch.commit(
            ["prompts/greet.prompt": Self.prompt("Hello", tags: ["production"])], message: "ship hello")
        try scratch.commit(["README": "x"], message: "docs")
        let v3 = try scratch.commit(["prompts/greet.prompt": Self.prompt("Hey there")], message: "try hey")
        return (scratch, try Project.open(at: scratch.root), [v1, v2, v3])
    }

    @Test func historyNumbersVersionsFromTheOldest() throws {
        let (scratch, project, commits) = try threeVersions()
        defer { withExtendedLifetime(scratch) {} }
        let history = try project.history(of: "greet")
        #expect(history.map(\.label) == ["v3", "v2", "v1"])
        #expect(history.map(\.commit.id) == commits.reversed())
        #expect(history.map(\.tags) == [[], ["production"], []])
        #expect(history.map(\.commit.subject) == ["try hey", "ship hello", "first greeting"])
    }

    @Test func resolvesEverySelectorKind() throws {
        let (scratch, project, commits) = try threeVersions()
        try scratch.write("prompts/greet.prompt", Self.prompt("Yo"))

        func firstLine(_ selector: VersionSelector?) throws -> String {
            try project.resolve("greet", at: selector).file.template.segments[0].template.source
                .trimmingCharacters(in: .newlines)
        }
        #expect(try firstLine(nil) == "Yo {{name}}")
        #expect(try firstLine(.working) == "Yo {{name}}")
        #expect(try firstLine(.number(1)) == "Hi {{name}}")
        #expect(try firstLine(.named("production")) == "Hello {{name}}")
        #expect(try firstLine(.named("HEAD~1")) == "Hello {{name}}")
        #expect(try firstLine(.named(commits[0].hex)) == "Hi {{name}}")
        #expect(try firstLine(.named("main")) == "Hey there {{name}}")

        let viaRevision = try project.resolve("greet", at: .named("HEAD~1"))
        guard case .version(let version) = viaRevision.source else {
            Issue.record("a revision on the branch resolves to its version")
            return
        }
        #expect(version.label == "v2")
        let blob = try #require(try project.history(of: "greet").first?.blob)
        #expect(try project.resolve("greet", at: .named(String(blob.hex.prefix(10)))).versionLabel.hasPrefix("v3"))
    }

    @Test func unknownVersionsSayWhy() throws {
        let (scratch, project, _) = try threeVersions()
        defer { withExtendedLifetime(scratch) {} }
        #expect(
            throws: PromptError.unknownVersion(prompt: "greet", selector: "v9", reason: "versions run from v1 to v3")
        ) {
            try project.resolve("greet", at: .number(9))
        }
        #expect(
            throws: PromptError.unknownVersion(
                prompt: "greet", selector: "staging", reason: "it is not vN, a tag of any version, or a git revision")
        ) {
            try project.resolve("greet", at: .named("staging"))
        }
    }

    @Test func aRevisionWithoutTheFileIsAnError() throws {
        let scratch = try ScratchRepository()
        let empty = try scratch.commit(["README": "x"], message: "empty")
        try scratch.commit(["prompts/greet.prompt": Self.prompt("Hi")], message: "add")
        let project = try Project.open(at: scratch.root)
        #expect(
            throws: PromptError.unknownVersion(
                prompt: "greet", selector: empty.hex, reason: "prompts/greet.prompt does not exist at \(empty.short)")
        ) {
            try project.resolve("greet", at: .named(empty.hex))
        }
    }

    @Test func unknownPromptsGetSuggestions() throws {
        let (scratch, project, _) = try threeVersions()
        defer { withExtendedLifetime(scratch) {} }
        #expect(throws: PromptError.unknownPrompt("gret", suggestions: ["greet"])) { try project.requirePrompt("gret") }
        #expect(try project.requirePrompt("prompts/greet.prompt") == "greet")
        #expect(throws: PromptError.invalidID("../etc/passwd")) { try project.requirePrompt("../etc/passwd") }
    }

    @Test func taggingCommitsOnlyThePromptAndGitAgrees() throws {
        let (scratch, project, _) = try threeVersions()
        try scratch.write("README", "staged work")
        try scratch.git("add", "README")

        let commit = try #require(try project.tag("greet", "production"))
        #expect(try scratch.git("log", "-1", "--format=%s") == "prompt greet: tag production\n")
        #expect(try scratch.git("show", "--name-only", "--format=", "HEAD") == "prompts/greet.prompt\n")
        #expect(try scratch.git("status", "--porcelain") == "M  README\n")
        try scratch.git("fsck", "--full")
        #expect(try project.history(of: "greet").first?.tags == ["production"])
        #expect(try project.history(of: "greet").first?.commit.id == commit)
        // production now resolves to the new, newest version.
        #expect(try project.resolve("greet", at: .named("production")).versionLabel.hasPrefix("v4"))
        #expect(try project.tag("greet", "production") == nil)

        try project.tag("greet", "production", remove: true)
        #expect(try scratch.read("prompts/greet.prompt") == Self.prompt("Hey there"))
    }

    @Test func taggingRefusesAnEditedPrompt() throws {
        let (scratch, project, _) = try threeVersions()
        try scratch.write("prompts/greet.prompt", Self.prompt("uncommitted"))
        let before = try scratch.git("rev-parse", "HEAD")
        #expect(throws: ProjectError.uncommittedPrompt(path: "prompts/greet.prompt")) {
            try project.tag("greet", "production")
        }
        #expect(try scratch.git("rev-parse", "HEAD") == before)
        #expect(try scratch.read("prompts/greet.prompt") == Self.prompt("uncommitted"))
    }

    @Test func summariesShowStateOnDisk() throws {
        let (scratch, project, _) = try threeVersions()
        try scratch.write("prompts/new/one.prompt", "hello")
        try scratch.write("prompts/greet.prompt", Self.prompt("changed"))
        let summaries = try PromptSummary.all(in: project)
        #expect(summaries.map(\.id) == ["greet", "new/one"])
        #expect(summaries.map(\.state) == [.modified, .untracked])
        #expect(summaries[0].versionCount == 3)
    }

    @Test func initScaffoldsOnceAndNeverOverwrites() throws {
        let scratch = try ScratchRepository()
        try scratch.write(".gitignore", "node_modules/")
        let created = try ProjectScaffold.create(at: scratch.root)
        #expect(
            created.sorted() == [
                ".gitignore", ".promptexp/", ".promptexp/config.yaml", "datasets/", "datasets/example.jsonl",
                "prompts/",
                "prompts/example.prompt",
            ])
        #expect(
            try scratch.read(".gitignore") == """
                node_modules/
                # promptexp: the response cache and scratch runs stay local (experiments are committed)
                .promptexp/cache/
                .promptexp/runs/

                """)
        try scratch.write(".promptexp/config.yaml", "defaults: {concurrency: 2}\n")
        #expect(try ProjectScaffold.create(at: scratch.root).isEmpty)
        #expect(try scratch.read(".promptexp/config.yaml") == "defaults: {concurrency: 2}\n")
        // What init writes is valid.
        _ = try ProjectConfig.parse(ProjectScaffold.configTemplate, path: "c")
        let project = try Project.open(at: scratch.root)
        let example = try project.resolve("example", at: .working)
        let row = try project.dataset("example").row(id: "refund-1")
        #expect(try example.file.render(row.inputs, promptID: "example", rowLabel: "r").count == 2)
        #expect(try scratch.git("check-ignore", ".promptexp/cache/x") == ".promptexp/cache/x\n")
    }
}
