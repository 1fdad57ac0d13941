import Foundation
import PromptExpTestSupport
import Testing

extension ScratchRepository {
    /// This project's examples with experiment `worse` run and committed: its candidate
    /// drops the customer's name, so `mentions-customer` fails on all 30 rows (the mock
    /// echoes the user message). Left on `exp/worse`.
    static func withWorseExperiment() throws -> ScratchRepository {
        let scratch = try ScratchRepository()
        try scratch.commitProjectExamples(message: "examples")
        #expect(try scratch.promptexp("exp", "new", "worse", "--prompt", "support/reply").status == 0)
        let path = "prompts/support/reply.prompt"
        try scratch.write(
            path, try scratch.read(path).replacingOccurrences(of: "{{customer}} wrote:", with: "A customer wrote:"))
        let run = try scratch.promptexp("exp", "run", "--quiet")
        #expect(run.status == 0, "\(run.standardError)")
        return scratch
    }
}
