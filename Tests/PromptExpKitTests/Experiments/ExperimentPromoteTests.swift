import Foundation
import PromptExpKit
import PromptExpTestSupport
import Testing

@Suite struct ExperimentPromoteTests {
    /// An experiment on `support/reply` with an edited, committed candidate.
    func experiment() throws -> (ScratchRepository, Project) {
        let scratch = try ScratchRepository()
        try scratch.commitProjectExamples()
        let project = try Project.open(at: scratch.root)
        _ = try project.createExperiment(ExperimentRequest(name: "calm", prompt: "support/reply"))
        let path = "prompts/support/reply.prompt"
        // exp new took production off the candidate (its only tag, so the key went too).
        #expect(!(try scratch.read(path).contains("tags:")))
        let candidate = try scratch.read(path)
            .replacingOccurrences(of: "description: Replies", with: "tags: [draft]\ndescription: Replies")
            .replacingOccurrences(of: "Answer in under 120 words.", with: "Answer calmly.")
        try scratch.commit([path: candidate], message: "candidate")
        return (scratch, project)
    }

    @Test func tagsTheCandidateAndFastForwardsTheSourceBranch() throws {
        let (scratch, project) = try experiment()
        // Never run, so only --force promotes it, and the commit says what it overrode.
        #expect {
            try project.promote("calm")
        } throws: { error in
            (error as? PromotionRefused)?.reasons == ["it has never been run: promptexp exp run calm"]
        }
        #expect(try scratch.git("rev-parse", "main") != (try scratch.git("rev-parse", "exp/calm")))
        let outcome = try project.promote("calm", force: true)
        #expect(outcome.overridden == ["it has never been run: promptexp exp run calm"])
        #expect(try scratch.git("log", "-1", "--format=%b", "main").contains("- it has never been run"))
        #expect(outcome.fastForwarded)
        #expect(outcome.sourceBranch == "main")
        #expect(try scratch.git("rev-parse", "main") == (try scratch.git("rev-parse", "exp/calm")))
        let promoted = try scratch.git("show", "main:prompts/support/reply.prompt")
        #expect(promoted.contains("tags: [draft, production]"))
        #expect(promoted.contains("Answer calmly."))
        #expect(
            try scratch.git("log", "-1", "--format=%s", "main") == "exp calm: promote support/reply to production\n")
        #expect(try scratch.git("status", "--porcelain") == "")
        try scratch.git("fsck", "--full")
        // production now resolves to the candidate on main's history.
        try scratch.git("checkout", "-q", "main")
        #expect(try project.resolve("support/reply", at: .named("production")).file.text == promoted)
    }

    @Test func neverForcesAMovedSourceBranch() throws {
        let (scratch, project) = try experiment()
        try scratch.git("checkout", "-q", "main")
        try scratch.commit(["NOTES.md": "main moved on\n"], message: "unrelated work on main")
        let mainBefore = try scratch.git("rev-parse", "main")
        let outcome = try project.promote("calm", force: true)
        #expect(!outcome.fastForwarded)
        #expect(try scratch.git("rev-parse", "main") == mainBefore)
        #expect(try scratch.git("show", "exp/calm:prompts/support/reply.prompt").contains("production"))
    }

    @Test func promotingFromTheSourceBranchUpdatesItsFiles() throws {
        let (scratch, project) = try experiment()
        try scratch.git("checkout", "-q", "main")
        _ = try project.promote("calm", force: true)
        #expect(try scratch.git("rev-parse", "--abbrev-ref", "HEAD") == "main\n")
        #expect(try scratch.read("prompts/support/reply.prompt").contains("Answer calmly."))
        #expect(try scratch.git("status", "--porcelain") == "")
    }

    @Test func refusesOnADirtyTree() throws {
        let (scratch, project) = try experiment()
        try scratch.write("prompts/support/reply.prompt", "uncommitted\n")
        #expect(throws: GitError.dirtyWorkingTree(files: ["prompts/support/reply.prompt"])) {
            try project.promote("calm")
        }
        #expect(try scratch.read("prompts/support/reply.prompt") == "uncommitted\n")
    }
}
