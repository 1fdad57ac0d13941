import Foundation
import PromptExpKit
import PromptExpTestSupport
import Testing

/// The importer on real format samples (Fixtures/formats, copied from ../shared/formats)
/// and on logs generated from the project's own prompts.
@Suite struct LogImporterTests {
    let folder: TemporaryDirectory

    init() throws {
        folder = try TemporaryDirectory()
    }

    static func fixture(_ name: String) throws -> URL {
        try #require(Bundle.module.url(forResource: "Fixtures/formats/\(name)", withExtension: "jsonl"))
    }

    func importing(
        _ logs: [URL], prompt text: String, options: LogImporter.Options = .init()
    ) throws -> (LogImporter.Summary, [DatasetRow]) {
        let file = try PromptFile(text: text, path: "prompts/p.prompt")
        let importer = try LogImporter(file: file, promptID: "p", options: options)
        let output = folder.file("out.jsonl")
        let summary = try importer.run(logs.map { ($0, $0.lastPathComponent) }, to: output)
        return (summary, try DatasetFile(url: output).allRows())
    }

    @Test func openAIChatFineTuningLines() throws {
        let (summary, rows) = try importing(
            [try Self.fixture("openai_chat_finetune.sample")],
            prompt:
                "system:\nYou are a {{mood}} assistant that puts a positive spin on everything.\nuser:\n{{message}}\n")
        #expect(summary.format == .openaiChat && summary.detected)
        #expect(summary.lines == 3 && summary.imported == 1)
        // The second line is a longer conversation; the third has no system message.
        #expect(summary.skipped == [TemplateMatcher.Miss.messageCount.rawValue: 2])
        #expect(summary.examples[TemplateMatcher.Miss.messageCount.rawValue]?.map(\.line) == [2, 3])
        #expect(rows.first?.inputs == ["mood": "happy", "message": "I fell off my bike today."])
        #expect(rows.first?.output == "It's great that you're getting exercise outdoors!")
    }

    @Test func openAIBatchInputAndOutputJoinedByCustomID() throws {
        let (summary, rows) = try importing(
            [try Self.fixture("openai_batch_output.sample"), try Self.fixture("openai_batch_input.sample")],
            prompt: "system:\nYou are {{kind}} assistant.\nuser:\n{{greeting}}\n")
        #expect(summary.format == .openaiBatch)
        #expect(summary.imported == 2)
        #expect(rows.map { $0.inputs["kind"] } == ["a helpful", "an unhelpful"])
        #expect(rows[0].output == "Hello! How can I assist you today?")
        #expect(rows[0].metadata["custom_id"] == "request-1")
        #expect(rows[0].metadata["input_tokens"] == 20 && rows[0].metadata["output_tokens"] == 10)
        #expect(rows[0].metadata["request_id"] == "07bc45ab4e7e26ac23a0c949973327e7")
        #expect(rows[1].metadata["finish_reason"] == "length")
    }

    @Test func anthropicBatchResultsJoinWithTheirRequests() throws {
        let requests = ["my-first-request", "my-second-request", "my-third-request", "my-fourth-request"].enumerated()
            .map { index, id in
                #"{"custom_id": "\#(id)", "params": {"model": "claude-3-5-sonnet-20240620", "max_tokens": 1024, "system": "Be kind.", "messages": [{"role": "user", "content": "Hello number \#(index)"}]}}"#
            }
        try folder.write("requests.jsonl", requests.joined(separator: "\n") + "\n")
        let (summary, rows) = try importing(
            [try Self.fixture("anthropic_batch_results.sample"), folder.file("requests.jsonl")],
            prompt: "system:\nBe kind.\nuser:\nHello number {{n}}\n")
        #expect(summary.imported == 4)
        #expect(summary.withoutOutput == 3)
        #expect(rows[1].output == "Hello again! It's nice to see you.")
        #expect(rows[1].metadata["output_tokens"] == 36)
        #expect(rows[0].metadata["error"] == "errored")
        #expect(rows[2].metadata["error"] == "expired")
    }

    /// A Helicone export of the project's support prompt: every request matched, the
    /// answer kept, the call's facts in metadata; a malformed line and a request of
    /// another prompt counted, a duplicate dropped.
    @Test func heliconeExportOfTheProjectsPrompt() throws {
        let text = try String(
            contentsOf: PackagePaths.root.appendingPathComponent("prompts/support/reply.prompt"), encoding: .utf8)
        let file = try PromptFile(text: text, path: "prompts/support/reply.prompt")
        let rows = try DatasetFile(url: PackagePaths.root.appendingPathComponent("datasets/support/tickets.jsonl"))
            .allRows()
        var lines = try LogFixtures.helicone(
            prompt: file, promptID: "support/reply", rows: rows,
            answer: { "Hi \($0.inputs["customer"]?.displayText ?? "")!" },
            properties: { ["env": $0 % 2 == 0 ? "prod" : "staging"] })
        lines.insert(lines[2], at: 3)
        lines.append(#"{"request_id": "broken", "#)
        lines.append(
            #"{"request_id": "x", "delay_ms": 5, "request_body": {"messages": [{"role": "user", "content": "Summarise this"}]}}"#
        )
        try folder.write("helicone.jsonl", lines.joined(separator: "\n") + "\n")

        let (summary, imported) = try importing([folder.file("helicone.jsonl")], prompt: text)
        #expect(summary.format == .helicone)
        #expect(summary.lines == rows.count + 3)
        #expect(summary.imported == rows.count)
        #expect(summary.duplicates == 1)
        #expect(summary.badLines == 1)
        #expect(
            summary.badLineExamples.first?.0 == SourceLocation(path: "helicone.jsonl", line: rows.count + 2, column: 26)
        )
        #expect(summary.skipped == [TemplateMatcher.Miss.messageCount.rawValue: 1])
        for (original, row) in zip(rows, imported) {
            for (name, value) in original.inputs { #expect(row.inputs[name] == value) }
        }
        #expect(imported[0].output == "Hi Ana!")
        #expect(
            imported[0].metadata == [
                "model": "gpt-4o-mini", "input_tokens": 100, "output_tokens": 12, "latency_ms": 700, "cost": 0.00002,
                "request_id": "req-0", "properties": ["env": "prod"],
            ])

        // --strict stops at the malformed line, naming it, and writes nothing.
        #expect(
            throws: ImportError.badLine(
                SourceLocation(path: "helicone.jsonl", line: rows.count + 2, column: 26),
                "invalid JSON: expected a string key")
        ) {
            try importing([folder.file("helicone.jsonl")], prompt: text, options: .init(strict: true))
        }
        _ = try? FileManager.default.removeItem(at: folder.file("out.jsonl"))
        #expect(throws: ImportError.self) {
            try importing([folder.file("helicone.jsonl")], prompt: text, options: .init(strict: true))
        }
        #expect(!FileManager.default.fileExists(atPath: folder.file("out.jsonl").path))
        #expect(!FileManager.default.fileExists(atPath: folder.file(".out.jsonl.partial").path))

        // Duplicates kept on request, with ids of their own.
        let (kept, keptRows) = try importing(
            [folder.file("helicone.jsonl")], prompt: text, options: .init(keepDuplicates: true))
        #expect(kept.imported == rows.count + 1)
        #expect(Set(keptRows.map(\.id)).count == keptRows.count)
    }

    /// The example log the demo imports fits the project's support prompt as it is checked in.
    @Test func theExampleLogImportsWhole() throws {
        let text = try String(
            contentsOf: PackagePaths.root.appendingPathComponent("prompts/support/reply.prompt"), encoding: .utf8)
        let (summary, rows) = try importing(
            [PackagePaths.root.appendingPathComponent("examples/logs/support-reply.helicone.jsonl")], prompt: text,
            options: .init(redact: true))
        #expect(summary.imported == 30 && summary.duplicates == 0 && summary.badLines == 0)
        #expect(summary.skipped == [TemplateMatcher.Miss.text.rawValue: 2])
        #expect(rows.allSatisfy { $0.output?.displayText.contains("support@parcelry.example") != true })
        #expect(rows.first?.metadata["request_id"] == "hcl-1000")
    }

    @Test func langfuseItemsGiveInputsOrMessagesAndExpectedOutput() throws {
        try folder.write(
            "langfuse.jsonl",
            """
            {"id": "item-1", "datasetId": "ds", "input": {"customer": "Ana", "ticket": "Refund?"}, "expectedOutput": "Billing will review it.", "metadata": {"source": "prod"}}
            {"id": "item-2", "datasetId": "ds", "input": [{"role": "user", "content": "Ben wrote:\\nLogin fails"}], "expectedOutput": null}
            {"id": "item-3", "datasetId": "ds", "input": {"ticket": "No name"}}

            """)
        let (summary, rows) = try importing(
            [folder.file("langfuse.jsonl")],
            prompt:
                "---\ninputs:\n  customer: {type: string}\n  ticket: {type: string}\n---\nuser:\n{{customer}} wrote:\n{{ticket}}\n"
        )
        #expect(summary.format == .langfuse)
        #expect(summary.imported == 2)
        #expect(summary.skipped == [TemplateMatcher.Miss.missingInput.rawValue: 1])
        #expect(rows[0].id == "item-1")
        #expect(rows[0].expected == "Billing will review it.")
        #expect(rows[0].metadata == ["source": "prod", "langfuse_id": "item-1"])
        #expect(rows[1].inputs == ["customer": "Ben", "ticket": "Login fails"])
    }

    @Test func redactionReplacesEmailsPhonesAndCardsButNotDatesOrInvoiceNumbers() {
        #expect(
            Redactor.redact("Mail ana.b+x@example.co.uk or call +1 (415) 555-0134.") == "Mail <email> or call <phone>.")
        #expect(
            Redactor.redact("Card 4111 1111 1111 1111, not 4111 1111 1111 1112.")
                == "Card <card>, not 4111 1111 1111 1112.")
        #expect(
            Redactor.redact("INV-2026-1000 dated 2026-01-01, tracking PX-88213")
                == "INV-2026-1000 dated 2026-01-01, tracking PX-88213")
        #expect(Redactor.redact(JSONValue.object(["n": ["call 020 7946 0958"]])) == ["n": ["call <phone>"]])
    }

    @Test func unknownFormatsAndEmptyLogsAreClearErrors() throws {
        try folder.write("list.jsonl", "[1, 2]\n")
        #expect(throws: ImportError.unknownFormat(path: "list.jsonl", tried: "its first line is not a JSON object")) {
            try importing([folder.file("list.jsonl")], prompt: "user:\n{{q}}\n")
        }
        #expect(throws: ImportError.unreadable(path: "missing.jsonl", reason: "no such file, or it is not readable")) {
            try importing([folder.file("missing.jsonl")], prompt: "user:\n{{q}}\n")
        }
    }

    @Test func samplingIsSeededUniformAndFiltered() throws {
        let lines = (0..<1000).map {
            #"{"id": "r\#($0)", "inputs": {"q": "\#($0)"}, "metadata": {"env": "\#($0 % 4 == 0 ? "prod" : "dev")"}}"#
        }
        try folder.write("rows.jsonl", lines.joined(separator: "\n") + "\n")
        let dataset = DatasetFile(url: folder.file("rows.jsonl"))
        let sampler = DatasetSampler(size: 10, seed: 3)
        _ = try sampler.sample(dataset, to: folder.file("a.jsonl"))
        _ = try sampler.sample(dataset, to: folder.file("b.jsonl"))
        #expect(try folder.read("a.jsonl") == (try folder.read("b.jsonl")))
        let first = try DatasetFile(url: folder.file("a.jsonl")).allRows()
        #expect(first.count == 10)
        _ = try DatasetSampler(size: 10, seed: 4).sample(dataset, to: folder.file("c.jsonl"))
        #expect(try DatasetFile(url: folder.file("c.jsonl")).allRows().map(\.id) != first.map(\.id))

        let filtered = DatasetSampler(size: 1000, seed: 1, filters: [try .init(parsing: "metadata.env=prod")])
        let summary = try filtered.sample(dataset, to: folder.file("d.jsonl"))
        #expect(summary.rows == 1000 && summary.matched == 250 && summary.written == 250)
        #expect(throws: ImportError.invalidFilter("env")) { try DatasetSampler.Filter(parsing: "env") }

        // Uniform: over many seeds every row is picked about equally often.
        var counts = [Int](repeating: 0, count: 10)
        for seed in 0..<400 {
            var reservoir = RowSampler<Int>(size: 2, seed: UInt64(seed))
            for item in 0..<10 { reservoir.offer(item) }
            for item in reservoir.sample { counts[item] += 1 }
        }
        #expect(counts.allSatisfy { (50...110).contains($0) }, "\(counts)")
    }
}
