import Foundation
import PromptExpKit
import PromptExpTestSupport
import Testing

/// From a Helicone export to an experiment against production's answers, from the built
/// binary: import, sample, `exp new --base-from-log`, edit, `exp run`.
@Suite struct ImportWorkflowTests {
    @Test func aHeliconeExportBecomesADatasetASampleAndAnExperimentAgainstProduction() throws {
        let scratch = try ScratchRepository()
        try scratch.commitProjectExamples(message: "examples")
        // Production's log: the support prompt's requests, answered by a real model.
        let (log, _, _) = try scratch.supportReplyExport(
            "helicone-export.jsonl",
            answer: { "Hello \($0.inputs["customer"]?.displayText ?? ""), write to help@parcelry.example" },
            properties: { ["env": $0 < 10 ? "prod" : "staging"] })

        let imported = try scratch.promptexp(
            "dataset", "import", log.path, "--prompt", "support/reply", "-o", "support/production", "--redact")
        #expect(imported.status == 0, "\(imported.standardError)")
        #expect(
            imported.standardOutput == """
                format: helicone (detected from the first line)
                30 lines read; 30 rows written to datasets/support/production.jsonl for support/reply@working

                """)
        let dataset = try DatasetFile(url: scratch.root.appendingPathComponent("datasets/support/production.jsonl"))
            .allRows()
        #expect(dataset.first?.output == "Hello Ana, write to <email>")
        #expect(dataset.first?.metadata["request_id"] == "req-0")
        let again = try scratch.promptexp(
            "dataset", "import", log.path, "--prompt", "support/reply", "-o", "support/production")
        #expect(again.status == 1)
        #expect(again.standardError == "error: datasets/support/production.jsonl exists: pass --force to replace it\n")

        let sample = try scratch.promptexp(
            "dataset", "sample", "support/production", "-n", "5", "--seed", "9", "--where",
            "metadata.properties.env=prod", "-o", "support/prod-sample")
        #expect(
            sample.standardOutput
                == "sampled 5 of the 10 rows (of 30) where metadata.properties.env=prod, seed 9, into datasets/support/prod-sample.jsonl\n"
        )
        let sampled = try DatasetFile(url: scratch.root.appendingPathComponent("datasets/support/prod-sample.jsonl"))
            .allRows()
        #expect(sampled.count == 5 && sampled.allSatisfy { $0.metadata["properties"]?["env"] == "prod" })
        // Straight from the log: the same rows for the same seed.
        let fromLog = try scratch.promptexp(
            "dataset", "sample", log.path, "--prompt", "support/reply", "-n", "5", "--seed", "9", "--where",
            "metadata.properties.env=prod", "--redact", "-o", "support/prod-sample-2")
        #expect(fromLog.status == 0, "\(fromLog.standardError)")
        #expect(
            try scratch.read("datasets/support/prod-sample-2.jsonl")
                == (try scratch.read("datasets/support/prod-sample.jsonl")))

        try scratch.git("add", "-A")
        try scratch.git("commit", "-qm", "production sample")
        #expect(
            try scratch.promptexp(
                "exp", "new", "terse", "--prompt", "support/reply", "--dataset", "support/production", "--base-from-log"
            ).status == 0)
        let path = "prompts/support/reply.prompt"
        try scratch.write(
            path,
            try scratch.read(path).replacingOccurrences(
                of: "Answer in under 120 words.", with: "Answer in two sentences."))
        let run = try scratch.promptexp("exp", "run")
        #expect(run.status == 0, "\(run.standardError)")
        let results = try scratch.git("show", "HEAD:.promptexp/experiments/terse/results.jsonl")
            .split(separator: "\n").compactMap { try? ResultRecord(json: JSONValue.parse(Data($0.utf8))) }
        let bases = results.filter { $0.variant == "base" }
        #expect(bases.count == 30)
        #expect(bases.first?.output == "Hello Ana, write to <email>")
        #expect(bases.first?.latencyMilliseconds == 700)
        #expect(try scratch.git("log", "-1", "--format=%B").contains("base: production's answers from the request log"))
        #expect(
            try scratch.git("show", "HEAD:.promptexp/experiments/terse/report.md").contains(
                "The base's answers are production's, from the request log"))
        #expect(
            try scratch.git("show", "HEAD:.promptexp/experiments/terse/experiment.yaml").contains("base_from_log: true")
        )
    }
}

@Suite struct ImportHelpTests {
    /// The prompt version is `--prompt-version`, so `--version` can stay the tool's own.
    @Test func importHelpListsOneVersionFlag() async {
        let help = await CommandHarness.run(["dataset", "import", "--help"])
        let text = help.error ?? help.standardOutput
        #expect(text.contains("--prompt-version <version>"))
        #expect(!text.contains("--version <version>"))
    }
}

/// An import or a sample that would write no row writes nothing and exits 1, saying why.
@Suite struct EmptyImportTests {
    @Test func nothingMatchedIsExit1AndNoFile() throws {
        let scratch = try ScratchRepository()
        try scratch.commitProjectExamples(message: "examples")
        let (log, _, _) = try scratch.supportReplyExport(rows: 4)

        // The support prompt's requests do not fit the summarizer.
        let imported = try scratch.promptexp(
            "dataset", "import", log.path, "--prompt", "summarize/article", "-o", "wrong")
        #expect(imported.status == 1)
        #expect(imported.standardOutput.contains("4 requests skipped, not matching the template"))
        #expect(
            imported.standardError.hasPrefix(
                "error: no request in the log matched summarize/article@working, so nothing was written"))
        #expect(
            !FileManager.default.fileExists(atPath: scratch.root.appendingPathComponent("datasets/wrong.jsonl").path))

        let sampled = try scratch.promptexp(
            "dataset", "sample", "support/tickets", "-n", "3", "--where", "metadata.nothing=here", "-o", "none")
        #expect(sampled.status == 1)
        #expect(
            sampled.standardError
                == "error: no row of support/tickets matches metadata.nothing=here, so nothing was sampled\n")
        #expect(
            !FileManager.default.fileExists(atPath: scratch.root.appendingPathComponent("datasets/none.jsonl").path))
    }
}

/// Requests logged before the prompt changed fit the version that served them: the import
/// and the sample say which, with the flag that takes it.
@Suite struct VersionFitTests {
    @Test func requestsOfAnOlderVersionNameIt() throws {
        let scratch = try ScratchRepository()
        try scratch.commitProjectExamples(message: "examples")
        let path = "prompts/support/reply.prompt"
        let (log, lines, rows) = try scratch.supportReplyExport(rows: 5)
        let v1Commit = try scratch.git("rev-parse", "--short=7", "HEAD").trimmingCharacters(in: .whitespacesAndNewlines)
        try scratch.write(
            path, try scratch.read(path).replacingOccurrences(of: "Answer in under 120 words.", with: "Answer briefly.")
        )
        try scratch.git("commit", "-qam", "v2")
        let hint = "these 5 requests fit support/reply v1 (\(v1Commit)): --prompt-version v1"

        let imported = try scratch.promptexp("dataset", "import", log.path, "--prompt", "support/reply", "-o", "prod")
        #expect(imported.status == 1)
        #expect(
            imported.standardError
                == "error: no request in the log matched support/reply@working, so nothing was written: \(hint)\n")
        #expect(
            !FileManager.default.fileExists(atPath: scratch.root.appendingPathComponent("datasets/prod.jsonl").path))

        // Sampling real traffic is one step: production first, then the version most of the
        // log fits, used at once.
        let sampled = try scratch.promptexp(
            "dataset", "sample", log.path, "--prompt", "support/reply", "-n", "2", "-o", "auto")
        #expect(sampled.status == 0, "\(sampled.standardError)")
        #expect(
            sampled.standardOutput.contains(
                "more of the log fits support/reply@v1 than support/reply@production: matched against it"),
            "\(sampled.standardOutput)")
        #expect(sampled.standardOutput.contains("5 of 5 requests matched support/reply@v1"))

        let fixed = try scratch.promptexp(
            "dataset", "sample", log.path, "--prompt", "support/reply", "--prompt-version", "v1", "-n", "2", "-o", "s")
        #expect(fixed.status == 0, "\(fixed.standardError)")
        #expect(fixed.standardOutput.contains("5 of 5 requests matched support/reply@v1"))
        #expect(try scratch.read("datasets/s.jsonl").split(separator: "\n").count == 2)

        // A log where only some requests fit the chosen version names the better one too.
        let v2 = try PromptFile(text: try scratch.read(path), path: path)
        let mixed =
            lines
            + (try LogFixtures.helicone(prompt: v2, promptID: "support/reply", rows: [rows[9]], answer: { _ in "ok" }))
        try Data((mixed.joined(separator: "\n") + "\n").utf8).write(to: log)
        let partial = try scratch.promptexp("dataset", "import", log.path, "--prompt", "support/reply", "-o", "prod")
        #expect(partial.status == 0)
        #expect(partial.standardOutput.contains("1 row written to datasets/prod.jsonl"))
        #expect(partial.standardOutput.contains(hint))
    }
}

/// Real traffic in one step: `exp new --sample-log` samples the log, redacted, into the
/// experiment's dataset and commits it with the experiment.
@Suite struct SampleLogExperimentTests {
    @Test func expNewSamplesRealTrafficIntoItsCommittedDataset() throws {
        let scratch = try ScratchRepository()
        try scratch.commitProjectExamples(message: "examples")
        let (log, _, _) = try scratch.supportReplyExport(answer: { _ in "Reply to ana@example.com" })
        let new = try scratch.promptexp(
            "exp", "new", "real", "--prompt", "support/reply", "--sample-log", log.path, "--sample", "4", "--seed", "3")
        #expect(new.status == 0, "\(new.standardError)")
        #expect(new.standardOutput.contains("dataset: datasets/samples/real.jsonl"))
        let committed = try scratch.git("show", "exp/real:datasets/samples/real.jsonl")
        #expect(committed.split(separator: "\n").count == 4)
        #expect(!committed.contains("ana@example.com") && committed.contains("<email>"))
        #expect(
            try scratch.git("show", "exp/real:.promptexp/experiments/real/experiment.yaml").contains(
                "datasets/samples/real.jsonl"))
        #expect(try scratch.git("status", "--porcelain", "--untracked-files=all") == "")
        // The same seed gives the same sample.
        try scratch.git("checkout", "-q", "main")
        #expect(
            try scratch.promptexp(
                "exp", "new", "again", "--prompt", "support/reply", "--sample-log", log.path, "--sample", "4", "--seed",
                "3"
            ).status == 0)
        #expect(try scratch.git("show", "exp/again:datasets/samples/again.jsonl") == committed)
    }
}

extension ScratchRepository {
    /// A Helicone export of the support prompt as the working file has it, over the first
    /// `count` rows of `datasets/support/tickets.jsonl` (all by default), written to `name`
    /// in the scratch home; with its lines and the dataset's rows.
    func supportReplyExport(
        _ name: String = "export.jsonl", rows count: Int? = nil, answer: (DatasetRow) -> String = { _ in "ok" },
        properties: (Int) -> JSONValue = { _ in [:] }
    ) throws -> (url: URL, lines: [String], rows: [DatasetRow]) {
        let path = "prompts/support/reply.prompt"
        let file = try PromptFile(text: try read(path), path: path)
        let rows = try DatasetFile(url: root.appendingPathComponent("datasets/support/tickets.jsonl")).allRows()
        let lines = try LogFixtures.helicone(
            prompt: file, promptID: "support/reply", rows: count.map { Array(rows.prefix($0)) } ?? rows, answer: answer,
            properties: properties)
        let log = home.url.appendingPathComponent(name)
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: log)
        return (log, lines, rows)
    }
}
