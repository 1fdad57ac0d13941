import Foundation
import PromptExpKit
import PromptExpTestSupport
import Testing

/// The history cache must never change an answer: after every step, the cached history
/// equals a full walk.
@Suite struct PromptHistoryCacheTests {
    func expectSameAsFullWalk(_ project: Project, _ scratch: ScratchRepository, step: String) throws {
        let cached = try project.history(of: "p")
        let head = try #require(try scratch.repository.headCommit())
        let full = try scratch.repository.fileHistory(of: "prompts/p.prompt", from: head)
        #expect(cached.map(\.commit.id) == full.map(\.commit.id), "\(step)")
        #expect(cached.map(\.blob) == full.map(\.blob), "\(step)")
        #expect(cached.map(\.commit) == full.map(\.commit), "\(step)")
        #expect(cached.map(\.number) == (0..<full.count).map { full.count - $0 }, "\(step)")
    }

    @Test func cachedHistoriesEqualFullWalksThroughEveryKindOfChange() throws {
        let scratch = try ScratchRepository()
        let project = try Project.open(at: scratch.root)
        func prompt(_ text: String, tags: String = "") -> String { "---\ntags: [\(tags)]\n---\n\(text) {{x}}\n" }

        try scratch.commit(["prompts/p.prompt": prompt("one")], message: "one")
        try expectSameAsFullWalk(project, scratch, step: "first version")
        try scratch.commit(["other": "x"], message: "unrelated")
        try expectSameAsFullWalk(project, scratch, step: "unrelated commit on top of the cache")
        try scratch.commit(["prompts/p.prompt": prompt("two", tags: "production")], message: "two")
        try expectSameAsFullWalk(project, scratch, step: "a new version")
        #expect(try project.history(of: "p").first?.tags == ["production"])
        try scratch.repository.commit([.delete("prompts/p.prompt")], on: "main", message: "delete")
        try expectSameAsFullWalk(project, scratch, step: "deleted at the head")
        try scratch.commit(["prompts/p.prompt": prompt("two", tags: "production")], message: "restore")
        try expectSameAsFullWalk(project, scratch, step: "restored with the same content")

        let base = try #require(try scratch.repository.headCommit())
        try scratch.repository.createBranch("side", at: base)
        try scratch.repository.commit([.write("prompts/p.prompt", prompt("side"))], on: "side", message: "side")
        try scratch.repository.switchBranch(to: "side")
        try expectSameAsFullWalk(project, scratch, step: "another branch")
        try scratch.repository.switchBranch(to: "main")
        try expectSameAsFullWalk(project, scratch, step: "back on main")
        try scratch.git("-c", "user.name=T", "-c", "user.email=t@e", "merge", "--no-ff", "-m", "merge", "side")
        try expectSameAsFullWalk(project, scratch, step: "after a merge")
        try scratch.git("reset", "--hard", "HEAD~2")
        try expectSameAsFullWalk(project, scratch, step: "after history was rewound")
    }

    @Test func aCorruptCacheIsIgnored() throws {
        let scratch = try ScratchRepository()
        let project = try Project.open(at: scratch.root)
        try scratch.commit(["prompts/p.prompt": "a {{x}}"], message: "one")
        _ = try project.history(of: "p")
        let folder = scratch.root.appendingPathComponent(".git/promptexp/history")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        #expect(files.count == 1)
        try Data("{not json".utf8).write(to: folder.appendingPathComponent(files[0]))
        try scratch.commit(["prompts/p.prompt": "b {{x}}"], message: "two")
        try expectSameAsFullWalk(project, scratch, step: "corrupt cache")
        // The cache is git's business alone: nothing shows in the working tree.
        #expect(try scratch.git("status", "--porcelain") == "")
    }
}
