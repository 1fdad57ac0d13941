import Foundation
import PromptExpKit
import PromptExpTestSupport
import Testing

/// `exp new`: a branch off a base version, checked with the real git.
@Suite struct ExperimentNewTests {
    func repositoryWithHistory() throws -> ScratchRepository {
        let scratch = try ScratchRepository()
        try scratch.commitProjectExamples(message: "examples")
        // v2 of support/reply, not tagged production any more: production stays v1.
        let path = "prompts/support/reply.prompt"
        let edited = try scratch.read(path)
            .replacingOccurrences(of: "tags: [production]", with: "tags: []")
            .replacingOccurrences(of: "Answer in under 120 words.", with: "Answer in under 60 words.")
        try scratch.commit([path: edited], message: "draft: shorter replies")
        return scratch
    }

    @Test func branchesFromTheProductionVersionAndSwitches() throws {
        let scratch = try repositoryWithHistory()
        let project = try Project.open(at: scratch.root)
        let mainTip = try scratch.git("rev-parse", "main")
        let (spec, commit) = try project.createExperiment(ExperimentRequest(name: "calmer", prompt: "support/reply"))

        #expect(spec.base.ref == "production")
        #expect(spec.dataset.path == "datasets/support/tickets.jsonl")
        #expect(spec.models == ["mock/echo"])
        #expect(spec.sourceBranch == "main")
        #expect(try scratch.git("rev-parse", "--abbrev-ref", "HEAD") == "exp/calmer\n")
        #expect(try scratch.git("rev-parse", "exp/calmer") == commit.hex + "\n")
        #expect(try scratch.git("rev-parse", "main") == mainTip)
        #expect(try scratch.git("rev-parse", "exp/calmer~1") == mainTip)
        // The prompt on the branch is the production version (v1), not main's draft.
        let onBranch = try scratch.read("prompts/support/reply.prompt")
        #expect(onBranch.contains("Answer in under 120 words."))
        #expect(try scratch.git("show", "exp/calmer:prompts/support/reply.prompt") == onBranch)
        #expect(
            try scratch.git("show", "--name-only", "--format=", "HEAD").split(separator: "\n").sorted() == [
                ".promptexp/experiments/calmer/experiment.yaml", "prompts/support/reply.prompt",
            ])
        #expect(try scratch.git("status", "--porcelain") == "")
        try scratch.git("fsck", "--full")
        // The committed spec reads back as written.
        let text = try scratch.git("show", "HEAD:.promptexp/experiments/calmer/experiment.yaml")
        #expect(try ExperimentSpec(yaml: text, path: "x") == spec)
        #expect(try project.experiment(named: "calmer") == spec)
        #expect(
            spec.base.blob.hex + "\n"
                == (try scratch.git("rev-parse", "\(spec.base.commit.hex):prompts/support/reply.prompt")))
    }

    @Test func anExplicitBaseAndOptionsAreRecorded() throws {
        let scratch = try repositoryWithHistory()
        let project = try Project.open(at: scratch.root)
        var request = ExperimentRequest(
            name: "from-v2", prompt: "support/reply", base: "v2", dataset: "support/tickets")
        request.models = ["mock/echo", "openai/gpt-4o-mini"]
        request.sampleSize = 5
        request.sampleSeed = 9
        let (spec, _) = try project.createExperiment(request)
        #expect(spec.base.ref == "v2")
        #expect(spec.models == ["mock/echo", "openai/gpt-4o-mini"])
        #expect(spec.sampleSize == 5 && spec.sampleSeed == 9)
        // Other models than the prompt's own: the candidate names them in tests.models (the
        // gate's one rule), so it is committed with the spec.
        #expect(
            try scratch.git("show", "--name-only", "--format=", "HEAD")
                == ".promptexp/experiments/from-v2/experiment.yaml\nprompts/support/reply.prompt\n")
        #expect(try scratch.read("prompts/support/reply.prompt").contains("models: [mock/echo, openai/gpt-4o-mini]"))
    }

    @Test func aDirtyTreeIsRefusedAndNothingChanges() throws {
        let scratch = try repositoryWithHistory()
        let project = try Project.open(at: scratch.root)
        try scratch.write("datasets/support/tickets.jsonl", "{\"id\": \"x\", \"customer\": \"A\", \"ticket\": \"B\"}\n")
        let branchesBefore = try scratch.git("branch", "--list")
        #expect(throws: GitError.dirtyWorkingTree(files: ["datasets/support/tickets.jsonl"])) {
            try project.createExperiment(ExperimentRequest(name: "dirty", prompt: "support/reply"))
        }
        #expect(try scratch.git("branch", "--list") == branchesBefore)
        #expect(try scratch.git("rev-parse", "--abbrev-ref", "HEAD") == "main\n")
        #expect(try scratch.read("datasets/support/tickets.jsonl").hasPrefix("{\"id\": \"x\""))
    }

    @Test func namesAndDuplicatesAreChecked() throws {
        let scratch = try repositoryWithHistory()
        let project = try Project.open(at: scratch.root)
        #expect(throws: ExperimentError.invalidName("../x")) {
            try project.createExperiment(ExperimentRequest(name: "../x", prompt: "support/reply"))
        }
        _ = try project.createExperiment(ExperimentRequest(name: "one", prompt: "support/reply"))
        try scratch.git("checkout", "-q", "main")
        #expect(throws: ExperimentError.exists("one")) {
            try project.createExperiment(ExperimentRequest(name: "one", prompt: "support/reply"))
        }
        _ = try project.createExperiment(ExperimentRequest(name: "two", prompt: "summarize/article"))
        #expect(try project.experiments().map(\.spec.name).sorted() == ["one", "two"])
        #expect(throws: ExperimentError.unknown("tow", suggestions: ["two"])) { try project.experiment(named: "tow") }
        #expect(try project.currentExperimentName() == "two")
    }

    @Test func aMalformedSpecNamesTheLine() {
        #expect(
            throws: ExperimentError.malformedSpec(
                SourceLocation(path: "s.yaml", line: 4, column: 3), "base needs ref, commit and blob")
        ) {
            try ExperimentSpec(
                yaml:
                    "name: x\nprompt: p\nbase:\n  ref: v1\ndataset: {path: d, blob: \(String(repeating: "a", count: 40))}\nmodels: [m]\n",
                path: "s.yaml")
        }
    }
}

/// On an experiment branch `@production` is what is deployed: the base, not the candidate.
@Suite struct ProductionStaysProductionTests {
    @Test func theCandidateDoesNotCarryProductionUntilPromoted() throws {
        let scratch = try ScratchRepository()
        try scratch.commitProjectExamples(message: "examples")
        let project = try Project.open(at: scratch.root)
        let (spec, _) = try project.createExperiment(ExperimentRequest(name: "calm", prompt: "support/reply"))
        let candidate = try scratch.git("show", "exp/calm:prompts/support/reply.prompt")
        #expect(!candidate.contains("tags:"))
        #expect(!candidate.contains("production"))
        // The base keeps it, so on the branch production resolves to the base.
        let production = try project.resolve("support/reply", at: .named("production"))
        #expect(production.blob == spec.base.blob)
        // The start commit only re-states the base for the experiment: not a version.
        let versions = try project.history(of: "support/reply")
        #expect(versions.map(\.blob) == [spec.base.blob])
        #expect(versions.map(\.number) == [1])
    }

    @Test func aStartFromAnOlderVersionChangesTheFileAndIsAVersion() throws {
        let scratch = try ScratchRepository()
        try scratch.commitProjectExamples(message: "examples")
        let path = scratch.root.appendingPathComponent("prompts/support/reply.prompt")
        let text = try String(contentsOf: path, encoding: .utf8)
        try (text + "Be brief.\n").write(to: path, atomically: true, encoding: .utf8)
        try scratch.git("commit", "-qam", "brief")
        let project = try Project.open(at: scratch.root)
        _ = try project.createExperiment(ExperimentRequest(name: "old", prompt: "support/reply", base: "v1"))
        let versions = try project.history(of: "support/reply")
        #expect(versions.count == 3)
        #expect(versions.first?.commit.subject.hasPrefix("exp old: start from support/reply v1") == true)
        #expect(try scratch.git("show", "exp/old:prompts/support/reply.prompt").contains("Be brief.") == false)
    }
}
