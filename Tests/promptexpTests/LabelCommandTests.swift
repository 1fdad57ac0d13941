import Foundation
import PromptExpKit
import PromptExpTestSupport
import Testing

/// `promptexp label`: people judge outputs from the terminal; labels are committed on the
/// experiment's branch as the web view commits them, and `--next` walks the changed
/// outputs that have none.
@Suite struct LabelCommandTests {
    @Test func nextShowsAnUnlabelledChangeAndALabelIsCommittedOnTheBranch() throws {
        let scratch = try ScratchRepository.withWorseExperiment()
        let first = try scratch.promptexp("label", "worse", "--next")
        #expect(first.status == 0, "\(first.standardError)")
        let hint = try #require(
            first.standardOutput.split(separator: "\n").first { $0.hasPrefix("label it: promptexp label worse ") })
        // `label it: promptexp label worse ROW --model MODEL --good (or --bad) …`
        let words = hint.split(separator: " ")
        let row = String(words[5])
        let model = String(words[7])
        #expect(first.standardOutput.contains("row \(row) · \(model)"))
        #expect(first.standardOutput.contains("without a label yet"))

        let labelled = try scratch.promptexp("label", "worse", row, "--bad", "--comment", "drops the name")
        #expect(labelled.status == 0, "\(labelled.standardError)")
        #expect(labelled.standardOutput.contains("labelled the candidate of row \(row) (\(model)) bad"))
        let committed = try scratch.git("show", "exp/worse:.promptexp/experiments/worse/labels.jsonl")
        let label = try JSONValue.parse(Data(committed.utf8))
        #expect(label["row_id"] == .string(row))
        #expect(label["good"] == false)
        #expect(label["comment"] == "drops the name")
        #expect(
            try scratch.git("log", "-1", "--format=%s", "exp/worse").hasPrefix(
                "exp worse: label candidate of row \(row)"))
        // Nothing else moved: the checkout is as it was.
        #expect(try scratch.git("status", "--porcelain") == "")

        // The next one is another row; exp show shows the label.
        let second = try scratch.promptexp("label", "worse", "--next")
        #expect(!second.standardOutput.contains("label it: promptexp label worse \(row) "))
        #expect(
            try scratch.promptexp("exp", "show", "worse", "--row", row, "--no-pager").standardOutput.contains(
                "label:     candidate bad — drops the name"))
    }

    @Test func mistakesAreRefusedWithTheReason() throws {
        let scratch = try ScratchRepository.withWorseExperiment()
        let unknown = try scratch.promptexp("label", "worse", "no-such-row", "--good")
        #expect(unknown.status == 1)
        #expect(unknown.standardError.contains("experiment worse has no row 'no-such-row' in its last run"))
        #expect(try scratch.promptexp("label", "worse", "t01", "--good", "--bad").status == 64)
        #expect(try scratch.promptexp("label", "worse").status == 64)
        #expect(try scratch.promptexp("label", "nothing", "--next").status == 1)
        // Nothing was committed.
        #expect(try scratch.git("log", "-1", "--format=%s", "exp/worse").hasPrefix("exp worse: run"))
    }
}
