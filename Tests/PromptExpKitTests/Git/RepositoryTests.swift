import Foundation
import PromptExpKit
import PromptExpTestSupport
import Testing

@Suite struct RepositoryTests {
    @Test func commitsAreWhatGitSees() throws {
        let scratch = try ScratchRepository()
        let first = try scratch.commit(["a.txt": "one\n", "dir/b.txt": "bee\n"], message: "first")
        let second = try scratch.repository.commit(
            [.write("a.txt", "two\n"), .delete("dir/b.txt")], on: "main", message: "second\n\nbody")

        #expect(try scratch.git("log", "--format=%H %s", "main") == "\(second.hex) second\n\(first.hex) first\n")
        #expect(try scratch.git("show", "HEAD:a.txt") == "two\n")
        #expect(try scratch.git("ls-tree", "-r", "--name-only", "HEAD") == "a.txt\n")
        #expect(try scratch.git("log", "-1", "--format=%an <%ae>") == "Test Author <author@example.com>\n")
        #expect(try scratch.git("status", "--porcelain") == "")
        try scratch.git("fsck", "--full", "--strict")
        #expect(try scratch.read("a.txt") == "two\n")
        #expect(!FileManager.default.fileExists(atPath: scratch.root.appendingPathComponent("dir/b.txt").path))
    }

    @Test func committingLeavesOtherStagedWorkStagedAndOutOfTheCommit() throws {
        let scratch = try ScratchRepository()
        try scratch.commit(["a.txt": "a\n", "b.txt": "b\n"], message: "base")
        try scratch.write("b.txt", "b staged\n")
        try scratch.git("add", "b.txt")
        try scratch.repository.commit([.write("a.txt", "a2\n")], on: "main", message: "only a")

        #expect(try scratch.git("show", "--name-only", "--format=", "HEAD") == "a.txt\n")
        #expect(try scratch.git("status", "--porcelain") == "M  b.txt\n")
    }

    @Test func committingToAnotherBranchLeavesTheWorkingTreeAlone() throws {
        let scratch = try ScratchRepository()
        let base = try scratch.commit(["a.txt": "a\n"], message: "base")
        try scratch.repository.createBranch("exp/x", at: base)
        try scratch.repository.commit([.write("a.txt", "changed\n")], on: "exp/x", message: "on exp")

        #expect(try scratch.read("a.txt") == "a\n")
        #expect(try scratch.git("show", "exp/x:a.txt") == "changed\n")
        #expect(try scratch.git("rev-parse", "main") == base.hex + "\n")
        #expect(try scratch.git("status", "--porcelain") == "")
    }

    @Test func aMissingIdentityIsAClearError() throws {
        let scratch = try ScratchRepository(identity: false)
        #expect(throws: GitError.noIdentity) {
            try scratch.repository.commit([.write("a.txt", "a")], on: "main", message: "m")
        }
        #expect(GitError.noIdentity.description.contains("git config user.name"))
    }

    @Test func resolvesRevisionsAsGitDoes() throws {
        let scratch = try ScratchRepository()
        let one = try scratch.commit(["a": "1"], message: "one")
        let two = try scratch.commit(["a": "2"], message: "two")
        let three = try scratch.commit(["a": "3"], message: "three")
        try scratch.git("tag", "v-one", one.hex)
        let repository = scratch.repository
        #expect(try repository.resolveCommit("HEAD") == three)
        #expect(try repository.resolveCommit("HEAD~1") == two)
        #expect(try repository.resolveCommit("main~2") == one)
        #expect(try repository.resolveCommit("v-one") == one)
        #expect(try repository.resolveCommit(String(two.hex.prefix(8))) == two)
        #expect(throws: GitError.unknownRevision("nope")) { try repository.resolveCommit("nope") }
        #expect(throws: GitError.unknownRevision("HEAD~9")) { try repository.resolveCommit("HEAD~9") }
    }

    @Test func readsBlobsAtCommits() throws {
        let scratch = try ScratchRepository()
        let one = try scratch.commit(["p/x.txt": "first\n"], message: "one")
        try scratch.commit(["p/x.txt": "second\n"], message: "two")
        let repository = scratch.repository
        #expect(try repository.fileData(at: "p/x.txt", in: one) == Data("first\n".utf8))
        #expect(try repository.fileData(at: "p/missing.txt", in: one) == nil)
        #expect(try repository.blobID(at: "p", in: one) == nil)
        let blob = try #require(try repository.blobID(at: "p/x.txt", in: one))
        #expect(try scratch.git("rev-parse", "\(one.hex):p/x.txt") == blob.hex + "\n")
        #expect(Repository.hashBlob(Data("first\n".utf8)) == blob)
        #expect(try repository.filePaths(in: one) == ["p/x.txt"])
    }

    @Test func listsTheEntriesOfOneFolder() throws {
        let scratch = try ScratchRepository()
        let commit = try scratch.commit(["a/x.txt": "1", "a/b/y.txt": "2", "c.txt": "3"], message: "tree")
        #expect(try scratch.repository.entryNames(in: "a", at: commit) == ["b", "x.txt"])
        #expect(try scratch.git("ls-tree", "--name-only", "HEAD", "a/") == "a/b\na/x.txt\n")
        #expect(try scratch.repository.entryNames(in: "missing", at: commit).isEmpty)
        #expect(try scratch.repository.entryNames(in: "c.txt", at: commit).isEmpty)
    }

    @Test func discoversTheRepositoryFromASubfolder() throws {
        let scratch = try ScratchRepository()
        try scratch.write("deep/er/file.txt", "x")
        let found = try Repository.discover(from: scratch.root.appendingPathComponent("deep/er"))
        #expect(found.workingDirectory.resolvingSymlinksInPath().path == scratch.root.resolvingSymlinksInPath().path)
        #expect(found.relativePath(of: scratch.root.appendingPathComponent("deep/er/file.txt")) == "deep/er/file.txt")
    }

    @Test func outsideARepositoryIsNotARepository() throws {
        let folder = try TemporaryDirectory()
        #expect(throws: GitError.notARepository(path: folder.url.path)) { try Repository.discover(from: folder.url) }
    }
}
