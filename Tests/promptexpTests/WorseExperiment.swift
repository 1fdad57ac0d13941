import Foundation
import PromptExpKit
import PromptExpTestSupport
import Testing

extension ScratchRepository {
    /// This project's examples with experiment `worse` run and committed: its candidate
    /// drops the customer's name, so `mentions-customer` fails on all 30 rows (the mock
    /// echoes the user message). Left on `exp/worse`. With `loggedAnswers`, each dataset row
    /// carries production's logged answer ("Logged answer for Ana").
    static func withWorseExperiment(loggedAnswers: Bool = false) throws -> ScratchRepository {
        let scratch = try ScratchRepository()
        try scratch.commitProjectExamples(message: "examples")
        if loggedAnswers {
            // Each row with the answer production logged for it, as an imported log has.
            let path = "datasets/support/tickets.jsonl"
            let rows = try scratch.read(path).split(separator: "\n").map { line in
                var row = try JSONValue.parse(Data(line.utf8)).objectValue ?? [:]
                row["output"] = .string("Logged answer for \(row["customer"]?.stringValue ?? "?")")
                return JSONValue.object(row).canonicalJSON
            }
            try scratch.write(path, rows.joined(separator: "\n") + "\n")
            try scratch.git("commit", "-qam", "logged answers")
        }
        #expect(try scratch.promptexp("exp", "new", "worse", "--prompt", "support/reply").status == 0)
        let path = "prompts/support/reply.prompt"
        try scratch.write(
            path, try scratch.read(path).replacingOccurrences(of: "{{customer}} wrote:", with: "A customer wrote:"))
        let run = try scratch.promptexp("exp", "run", "--quiet")
        #expect(run.status == 0, "\(run.standardError)")
        return scratch
    }
}
