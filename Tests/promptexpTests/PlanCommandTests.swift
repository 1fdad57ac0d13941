import Foundation
import PromptExpKit
import PromptExpTestSupport
import Testing

/// `promptexp plan`: the rows a drop of a given size takes, learnt from the prompt's last
/// committed run; runs too small to see the margin say so.
@Suite struct PlanCommandTests {
    @Test func thePlanComesFromTheLastCommittedRun() throws {
        let scratch = try ScratchRepository.withWorseExperiment()
        let planned = try scratch.promptexp("plan", "support/reply", "--detect", "0.1", "--json")
        #expect(planned.status == 0, "\(planned.standardError)")
        let plan = try JSONValue.parse(Data(planned.standardOutput.utf8))
        #expect(plan["source"] == "exp worse's last run")
        let model = try #require(plan["models"]?.arrayValue?.first)
        let flips = try #require(model["flip_rate"]?.doubleValue)
        #expect(flips > 0)
        let alpha = try #require(plan["alpha"]?.doubleValue)
        let expected = SampleSizePlan(discordance: flips, alpha: alpha, power: 0.9).rows(toDetect: 0.1)
        #expect(model["rows"] == .int(expected))
        #expect(model["calls"] == .int(2 * expected))

        let text = try scratch.promptexp("plan", "support/reply", "--detect", "0.1")
        #expect(text.standardOutput.contains("To detect a drop of 10 points in support/reply with 90.0% power"))
    }

    @Test func withoutEvidenceTheFlipRateMustBeStated() throws {
        let scratch = try ScratchRepository()
        try scratch.commitProjectExamples()
        let refused = try scratch.promptexp("plan", "support/reply")
        #expect(refused.status == 1)
        #expect(refused.standardError.contains("state one, for example --flip-rate 0.2"))
        let stated = try scratch.promptexp("plan", "support/reply", "--flip-rate", "0.2", "--detect", "0.1", "--json")
        #expect(stated.status == 0, "\(stated.standardError)")
        #expect(
            try JSONValue.parse(Data(stated.standardOutput.utf8))["models"]?.arrayValue?.first?["rows"] == .int(206))
    }

    @Test func aRunTooSmallToSeeTheMarginWarns() throws {
        let scratch = try ScratchRepository.withWorseExperiment()
        try scratch.git("checkout", "-q", "exp/worse")
        let rerun = try scratch.promptexp("exp", "run", "--yes")
        #expect(rerun.standardError.contains("rows cannot detect a drop smaller than"), "\(rerun.standardError)")
        #expect(rerun.standardError.contains("promptexp plan support/reply says how many it takes"))
    }
}
