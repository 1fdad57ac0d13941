import Foundation
import PromptExpKit
import PromptExpTestSupport
import Testing

@Suite struct StatusAndBranchTests {
    @Test func statusMatchesGitStatus() throws {
        let scratch = try ScratchRepository()
        try scratch.commit(["tracked.txt": "t\n", "staged.txt": "s\n"], message: "base")
        try scratch.write("tracked.txt", "changed\n")
        try scratch.write("staged.txt", "staged\n")
        try scratch.git("add", "staged.txt")
        try scratch.write("new/untracked.txt", "u\n")

        let status = try scratch.repository.status()
        #expect(status.modified == ["tracked.txt"])
        #expect(status.staged == ["staged.txt"])
        #expect(status.untracked == ["new/untracked.txt"])
        #expect(!status.isClean)
        #expect(status.dirtyFiles == ["staged.txt", "tracked.txt"])
        #expect(
            try scratch.git("status", "--porcelain", "-uall") == "M  staged.txt\n M tracked.txt\n?? new/untracked.txt\n"
        )
    }

    @Test func createsAndSwitchesBranches() throws {
        let scratch = try ScratchRepository()
        let base = try scratch.commit(["a.txt": "a\n"], message: "base")
        try scratch.repository.createBranch("exp/one", at: base)
        #expect(throws: GitError.branchExists("exp/one")) { try scratch.repository.createBranch("exp/one", at: base) }
        try scratch.repository.commit([.write("a.txt", "exp\n")], on: "exp/one", message: "exp")

        try scratch.repository.switchBranch(to: "exp/one")
        #expect(try scratch.repository.currentBranch() == "exp/one")
        #expect(try scratch.git("rev-parse", "--abbrev-ref", "HEAD") == "exp/one\n")
        #expect(try scratch.read("a.txt") == "exp\n")
        #expect(try scratch.git("status", "--porcelain") == "")
        #expect(try scratch.repository.branches(prefix: "exp/") == ["exp/one"])
    }

    @Test func switchingRefusesOnADirtyTreeAndChangesNothing() throws {
        let scratch = try ScratchRepository()
        let base = try scratch.commit(["a.txt": "a\n", "b.txt": "b\n"], message: "base")
        try scratch.repository.createBranch("other", at: base)
        try scratch.write("b.txt", "my uncommitted work\n")

        #expect(throws: GitError.dirtyWorkingTree(files: ["b.txt"])) {
            try scratch.repository.switchBranch(to: "other")
        }
        #expect(try scratch.repository.currentBranch() == "main")
        #expect(try scratch.read("b.txt") == "my uncommitted work\n")
    }

    @Test func switchingNeverOverwritesAnUntrackedFile() throws {
        let scratch = try ScratchRepository()
        let base = try scratch.commit(["a.txt": "a\n"], message: "base")
        try scratch.repository.createBranch("other", at: base)
        try scratch.repository.commit([.write("c.txt", "from branch\n")], on: "other", message: "add c")
        try scratch.write("c.txt", "mine, untracked\n")

        #expect(throws: GitError.self) { try scratch.repository.switchBranch(to: "other") }
        #expect(try scratch.read("c.txt") == "mine, untracked\n")
        #expect(try scratch.repository.currentBranch() == "main")
    }

    @Test func fastForwardsOnlyWhenPossible() throws {
        let scratch = try ScratchRepository()
        let base = try scratch.commit(["a": "1"], message: "base")
        try scratch.repository.createBranch("ahead", at: base)
        let ahead = try scratch.repository.commit([.write("a", "2")], on: "ahead", message: "ahead")
        try scratch.repository.createBranch("side", at: base)
        let side = try scratch.repository.commit([.write("b", "x")], on: "side", message: "side")

        #expect(try scratch.repository.isAncestor(base, of: ahead))
        #expect(try scratch.repository.mergeBase(ahead, side) == base)
        try scratch.repository.createBranch("target", at: base)
        #expect(try scratch.repository.fastForward(branch: "target", to: ahead))
        #expect(try scratch.git("rev-parse", "target") == ahead.hex + "\n")
        #expect(try !scratch.repository.fastForward(branch: "target", to: side))
        #expect(try scratch.git("rev-parse", "target") == ahead.hex + "\n")
    }
}
