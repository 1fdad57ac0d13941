import Foundation
import PromptExpKit
import PromptExpTestSupport
import Testing

/// What is built a row at a time from a results file equals what is built from the same
/// records in memory, and earlier answers are found in files without holding them.
@Suite struct StreamingEquivalenceTests {
    /// Records of `rows` rows, two models, two repeats, in results order, with scores that
    /// vary by row so the comparison has something to say.
    static func records(rows: Int) -> [ResultRecord] {
        var records: [ResultRecord] = []
        for row in 0..<rows {
            for variant in ["base", "candidate"] {
                for model in ["m1", "m2"] {
                    for repeatIndex in 0..<2 {
                        let passed = variant == "base" || (row + repeatIndex) % 4 != 0
                        let score = passed ? 1.0 : Double(row % 5) / 10
                        records.append(
                            ResultRecord(
                                rowID: "r\(row)", variant: variant, model: model, repeatIndex: repeatIndex,
                                promptBlob: Repository.hashBlob(Data(variant.utf8)),
                                requestHash: "\(row)-\(variant)-\(model)-\(repeatIndex)",
                                output: passed ? "good \(row)" : "bad \(row)", finishReason: "stop", usage: nil,
                                cost: 0.001,
                                latencyMilliseconds: 10 + row, error: nil,
                                scores: [
                                    "check": Evaluation(score: score, passed: passed, reason: passed ? "ok" : "wrong")
                                        .json
                                ]))
                    }
                }
            }
        }
        return records
    }

    static func shuffled(_ records: [ResultRecord]) -> [ResultRecord] {
        var generator = SeededGenerator(seed: 7)
        return records.shuffled(using: &generator)
    }

    @Test func aComparisonBuiltARowAtATimeEqualsTheOneFromMemory() throws {
        // Half the rows regress (a repeat fails in rows 0 and 3 mod 4): more than are kept.
        let records = Self.records(rows: 600)
        var builder = ScoreComparisonBuilder(weights: ["check": 1])
        for record in records { builder.add(record) }
        let streamed = builder.finish()
        let whole = ScoreComparison(records: records, weights: ["check": 1])
        #expect(streamed.json == whole.json)
        #expect(streamed.verdict == .regressed)
        let model = try #require(streamed.models.first)
        #expect(model.regressedRows == 300)
        #expect(model.regressions.count == ScoreComparisonBuilder.keptRows)
    }

    @Test func theDigestCountsEveryPairAndKeepsTheFirstChanges() {
        let digest = ResultsDigest(records: Self.records(rows: 120), weights: ["check": 1])
        #expect(digest.pairs == 120 * 2 * 2)
        // A candidate's output differs where it fails: (row + repeat) divisible by 4.
        #expect(digest.changed == 120 * 2 * 2 / 4)
        #expect(digest.changes.count == ResultsDigest.keptChanges)
        #expect(digest.summary.totalCalls == 120 * 8)
        #expect(digest.variants.map(\.variant) == ["base", "base", "candidate", "candidate"])
    }

    @Test func theHTMLReportFromAStreamEqualsTheOneFromMemory() {
        let records = Self.records(rows: 500)
        let comparison = ScoreComparison(records: records, weights: ["check": 1])
        let inMemory = ComparisonSubject(
            prompt: "p", baseLabel: "main", candidateLabel: "HEAD", dataset: "d", records: records,
            comparison: comparison)
        var builder = RowPairDigest.Builder(weights: ["check": 1], limit: 50)
        var row: [ResultRecord] = []
        for record in records {
            if let first = row.first, first.rowID != record.rowID {
                builder.addRow(row)
                row = []
            }
            row.append(record)
        }
        builder.addRow(row)
        var streamed = ComparisonSubject(
            prompt: "p", baseLabel: "main", candidateLabel: "HEAD", dataset: "d",
            digest: ResultsDigest(records: records, weights: ["check": 1]), comparison: comparison)
        streamed.rowPairs = builder.finish()
        let one = HTMLReport(ComparisonReport(title: "t", subjects: [inMemory]), rowLimit: 50).render()
        let two = HTMLReport(ComparisonReport(title: "t", subjects: [streamed]), rowLimit: 50).render()
        let firstDifference = zip(one, two).enumerated().first { $0.element.0 != $0.element.1 }?.offset
        #expect(
            one == two,
            "first difference: \(firstDifference.map { String(one.dropFirst(max(0, $0 - 200)).prefix(400)) } ?? "length")"
        )
        // Two models, 500 rows each, 50 of each listed.
        #expect(one.contains("… and 900 more rows of a model in results.jsonl."))
    }

    /// Outputs no evaluator scored are not a verdict: the report's headline says so
    /// rather than a quiet "not decided" or "no change".
    @Test func anUnscoredSubjectSaysItWasNotScored() {
        let records = Self.records(rows: 4).map { record in
            ResultRecord(
                rowID: record.rowID, variant: record.variant, model: record.model, repeatIndex: record.repeatIndex,
                promptBlob: record.promptBlob, requestHash: record.requestHash, output: record.output,
                finishReason: "stop", usage: nil, cost: nil, latencyMilliseconds: nil, error: nil, scores: [:])
        }
        let comparison = ScoreComparison(records: records, weights: [:])
        let subject = ComparisonSubject(
            prompt: "p", baseLabel: "main", candidateLabel: "HEAD", dataset: "d", records: records,
            comparison: comparison)
        let page = HTMLReport(ComparisonReport(title: "t", subjects: [subject])).render()
        #expect(page.contains(">Not scored: no evaluator gave a score</div>"))
        #expect(!page.contains("No significant change"))
        #expect(!page.contains("the evidence does not settle it yet"))
    }

    @Test func aFileIndexFindsEveryAnswerAndNothingElse() throws {
        let folder = try TemporaryDirectory()
        let records = Self.records(rows: 40)
        try ResultsFile.write(records, to: folder.file("results.jsonl"))
        let index = try ResponseFileIndex(url: folder.file("results.jsonl")) { value in
            guard let record = ResultRecord(json: value), let response = record.cachedResponse else { return nil }
            return (record.requestHash, response)
        }
        #expect(index.count == records.count)
        for record in Self.shuffled(records) {
            #expect(index.response(for: record.requestHash) == record.cachedResponse)
        }
        #expect(index.response(for: "not-a-hash") == nil)
    }

    @Test func theJournalKeepsFewAnswersInMemoryAndFindsTheRestAfterAResume() throws {
        let folder = try TemporaryDirectory()
        let url = folder.file("journal.jsonl")
        let response = CachedResponse(text: "x", finishReason: "stop", usage: nil, latencyMilliseconds: 1)
        do {
            let journal = try RunJournal(url: url)
            for index in 0..<5000 { try journal.append(response, for: "hash-\(index)") }
            // The latest are at hand; the oldest only in the file.
            #expect(journal.response(for: "hash-4999") == response)
            #expect(journal.response(for: "hash-0") == nil)
        }
        let resumed = try RunJournal(url: url)
        #expect(resumed.count == 5000)
        #expect(resumed.response(for: "hash-0") == response)
        #expect(resumed.response(for: "hash-4999") == response)
    }
}
