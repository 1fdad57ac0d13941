import Foundation
import PromptExpKit
import PromptExpTestSupport
import Testing

/// The built binary, run as a user would: exit codes, stderr, and what git sees afterwards.
@Suite struct BinaryTests {
    func promptexp(_ arguments: [String], in directory: URL, home: URL) throws -> ProcessResult {
        let result = try ProcessRunner.run(
            PackagePaths.binary, arguments, in: directory,
            environment: ProcessRunner.isolatedEnvironment(home: home), timeout: 60)
        #expect(!result.timedOut)
        return result
    }

    @Test func outsideARepositoryIsOneErrorLine() throws {
        let folder = try TemporaryDirectory()
        let result = try promptexp(["prompt", "list"], in: folder.url, home: folder.url)
        #expect(result.status == 1)
        #expect(result.standardOutput == "")
        #expect(result.standardError == "error: not a git repository (or any parent up to /): \(folder.url.path)\n")
    }

    @Test func usageErrorsExit64() throws {
        let folder = try TemporaryDirectory()
        let result = try promptexp(["prompt", "diff"], in: folder.url, home: folder.url)
        #expect(result.status == 64)
        #expect(result.standardError.contains("Missing expected argument"))
    }

    @Test func aMalformedPromptNamesFileLineAndColumnAndWritesNothing() throws {
        let scratch = try ScratchRepository()
        try scratch.commitProjectExamples()
        try scratch.write("prompts/broken.prompt", "---\ndescription: x\ntags: [a\n---\nuser:\nhi\n")
        let statusBefore = try scratch.git("status", "--porcelain")
        let result = try promptexp(["prompt", "render", "broken"], in: scratch.root, home: scratch.home.url)
        #expect(result.status == 1)
        #expect(
            result.standardError.hasPrefix("error: prompts/broken.prompt:4:1: invalid YAML"), "\(result.standardError)")
        #expect(result.standardError.split(separator: "\n").count == 1)
        #expect(try scratch.git("status", "--porcelain") == statusBefore)
    }

    @Test func aBadDatasetLineIsNamed() throws {
        let scratch = try ScratchRepository()
        try scratch.commitProjectExamples()
        try scratch.write("datasets/bad.jsonl", "{\"q\": 1}\n{\"q\": 1,,}\n")
        let result = try promptexp(["dataset", "stats", "bad"], in: scratch.root, home: scratch.home.url)
        #expect(result.status == 1)
        #expect(result.standardError == "error: datasets/bad.jsonl:2:9: invalid JSON: expected a string key\n")
    }

    @Test func initCreatesARepositoryAndIsIdempotent() throws {
        let folder = try TemporaryDirectory()
        let first = try promptexp(["init"], in: folder.url, home: folder.url)
        #expect(first.status == 0)
        #expect(first.standardOutput.contains("created .promptexp/config.yaml"))
        #expect(FileManager.default.fileExists(atPath: folder.file(".git/HEAD").path))
        let second = try promptexp(["init"], in: folder.url, home: folder.url)
        #expect(second.status == 0)
        #expect(second.standardOutput.hasPrefix("nothing to do"))
        let list = try promptexp(["prompt", "list"], in: folder.url, home: folder.url)
        #expect(list.standardOutput.contains("example"))
        #expect(list.standardOutput.contains("untracked"))
    }

    @Test func tagCommitsThroughTheBinaryAndGitAgrees() throws {
        let scratch = try ScratchRepository()
        try scratch.commitProjectExamples()
        let result = try promptexp(
            ["prompt", "tag", "extract/invoice", "production"], in: scratch.root, home: scratch.home.url)
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.hasPrefix("tagged extract/invoice v2 ("))
        #expect(try scratch.git("log", "-1", "--format=%s") == "prompt extract/invoice: tag production\n")
        #expect(try scratch.git("show", "HEAD:prompts/extract/invoice.prompt").contains("tags: [production]\n"))
        // Other tools' keys and the comment on them survive.
        #expect(
            try scratch.git("show", "HEAD:prompts/extract/invoice.prompt").contains(
                "x-owner: billing-team         # other tools' keys (x- or under metadata:) stay as they are\n"))
        #expect(try scratch.git("status", "--porcelain") == "")
        try scratch.git("fsck", "--full")
    }

    @Test func tagWithoutAnIdentityFailsClearlyAndWritesNothing() throws {
        let scratch = try ScratchRepository(identity: false)
        try scratch.write("prompts/p.prompt", "hi {{x}}\n")
        try scratch.git("add", "-A")
        try scratch.git("-c", "user.name=T", "-c", "user.email=t@e", "commit", "-q", "-m", "base")
        let head = try scratch.git("rev-parse", "HEAD")
        let result = try promptexp(["prompt", "tag", "p", "production"], in: scratch.root, home: scratch.home.url)
        #expect(result.status == 1)
        #expect(result.standardError.hasPrefix("error: git has no author identity"))
        #expect(try scratch.git("rev-parse", "HEAD") == head)
        #expect(try scratch.read("prompts/p.prompt") == "hi {{x}}\n")
    }

    @Test func jsonOutputIsValidJSONOnStdoutAlone() throws {
        let scratch = try ScratchRepository()
        try scratch.commitProjectExamples()
        for arguments in [
            ["prompt", "list", "--json"], ["prompt", "log", "support/reply", "--json"],
            ["prompt", "show", "support/reply@v1", "--json"], ["dataset", "stats", "support/tickets", "--json"],
            ["prompt", "render", "support/reply", "--row", "support/tickets:t001", "--json"],
        ] {
            let result = try promptexp(arguments, in: scratch.root, home: scratch.home.url)
            #expect(result.status == 0, "\(arguments): \(result.standardError)")
            #expect(throws: Never.self) { try JSONValue.parse(Data(result.standardOutput.utf8)) }
        }
    }
}
