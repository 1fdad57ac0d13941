import PromptExpKit
import PromptExpTestSupport
import Testing

@Suite struct TextDiffTests {
    @Test func hunksCarryLineNumbersAndKinds() throws {
        let diff = try TextDiff(old: "a\nb\nc\n", new: "a\nB\nc\nd\n")
        #expect(diff.hunks.count == 1)
        let hunk = diff.hunks[0]
        #expect(hunk.header == "@@ -1,3 +1,4 @@")
        #expect(hunk.lines.map(\.kind) == [.context, .removed, .added, .context, .added])
        #expect(hunk.lines.map(\.text) == ["a", "b", "B", "c", "d"])
        #expect(hunk.lines[1].oldNumber == 2 && hunk.lines[1].newNumber == nil)
        #expect(hunk.lines[4].newNumber == 4)
        #expect(diff.stats == (added: 2, removed: 1))
    }

    @Test func equalTextsHaveNoHunks() throws {
        #expect(try TextDiff(old: "same\n", new: "same\n").isEmpty)
    }

    @Test func theUnifiedTextMatchesGitDiff() throws {
        let scratch = try ScratchRepository()
        let old = "line 1\nline 2\nline 3\nline 4\nline 5\nline 6\nline 7\nline 8\nline 9\n"
        let new = "line 1\nline two\nline 3\nline 4\nline 5\nline 6\nline 7\nline 8\nline 9\nline 10"
        try scratch.commit(["f.txt": old], message: "old")
        try scratch.write("f.txt", new)
        let gitDiff = try scratch.git("diff", "--no-color", "--no-ext-diff", "f.txt")
        let ours = try TextDiff(old: old, new: new).unified(oldLabel: "a/f.txt", newLabel: "b/f.txt")
        // git's output starts with `diff --git` and `index` lines; the rest must agree exactly.
        let gitBody = gitDiff.split(separator: "\n", omittingEmptySubsequences: false).dropFirst(2).joined(
            separator: "\n")
        #expect(ours == gitBody)
    }
}
