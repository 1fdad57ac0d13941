import Foundation
import PromptExpKit
import PromptExpTestSupport
import Testing

@Suite struct FileHistoryTests {
    @Test func listsTheCommitsThatChangedTheFileNewestFirst() throws {
        let scratch = try ScratchRepository()
        let v1 = try scratch.commit(["p.txt": "1"], message: "v1")
        try scratch.commit(["other.txt": "x"], message: "unrelated")
        let v2 = try scratch.commit(["p.txt": "2"], message: "v2")
        try scratch.commit(["p.txt": "2", "other.txt": "y"], message: "same content")
        let v3 = try scratch.commit(["p.txt": "3"], message: "v3")

        let history = try scratch.repository.fileHistory(
            of: "p.txt", from: try #require(try scratch.repository.headCommit()))
        #expect(history.map(\.commit.id) == [v3, v2, v1])
        #expect(history.map(\.commit.subject) == ["v3", "v2", "v1"])
        let gitLog = try scratch.git("log", "--format=%H", "--", "p.txt")
        #expect(gitLog == [v3, v2, v1].map { $0.hex + "\n" }.joined())
        #expect(history[0].blob.hex + "\n" == (try scratch.git("rev-parse", "\(v3.hex):p.txt")))
    }

    @Test func aDeletedAndReAddedFileCountsTheReAdd() throws {
        let scratch = try ScratchRepository()
        let one = try scratch.commit(["p.txt": "1"], message: "add")
        try scratch.repository.commit([.delete("p.txt")], on: "main", message: "delete")
        let back = try scratch.commit(["p.txt": "1"], message: "re-add")
        let history = try scratch.repository.fileHistory(of: "p.txt", from: back)
        #expect(history.map(\.commit.id) == [back, one])
    }

    @Test func followsFirstParentsThroughMerges() throws {
        let scratch = try ScratchRepository()
        let base = try scratch.commit(["p.txt": "base"], message: "base")
        try scratch.repository.createBranch("side", at: base)
        try scratch.repository.commit([.write("p.txt", "side edit")], on: "side", message: "side edit")
        try scratch.commit(["main.txt": "m"], message: "main work")
        try scratch.git("-c", "user.name=T", "-c", "user.email=t@e", "merge", "--no-ff", "-m", "merge side", "side")
        let head = try #require(try scratch.repository.headCommit())

        let history = try scratch.repository.fileHistory(of: "p.txt", from: head)
        // The side commit is not on main's first-parent line; the merge brought the change.
        #expect(history.map(\.commit.subject) == ["merge side", "base"])
        #expect(try scratch.git("log", "--first-parent", "--format=%s", "--", "p.txt") == "merge side\nbase\n")
    }

    @Test func aWalkStopsAtAKnownBoundary() throws {
        let scratch = try ScratchRepository()
        let v1 = try scratch.commit(["p.txt": "1"], message: "v1")
        let middle = try scratch.commit(["other": "x"], message: "middle")
        let v2 = try scratch.commit(["p.txt": "2"], message: "v2")
        try scratch.commit(["other": "y"], message: "top")
        let head = try #require(try scratch.repository.headCommit())
        let blobAtMiddle = try scratch.repository.blobID(at: "p.txt", in: middle)

        let walk = try scratch.repository.walkFileHistory(of: "p.txt", from: head, boundaries: [middle: blobAtMiddle])
        #expect(walk.boundary == middle)
        #expect(walk.revisions.map(\.commit.id) == [v2])
        #expect(walk.blobAtStart == (try scratch.repository.blobID(at: "p.txt", in: head)))
        let full = try scratch.repository.walkFileHistory(of: "p.txt", from: head)
        #expect(full.boundary == nil)
        #expect(full.revisions.map(\.commit.id) == [v2, v1])
    }
}
