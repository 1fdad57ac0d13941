import Foundation
import PromptExpKit
import PromptExpTestSupport
import Testing

/// The shells' completion scripts ask the binary for candidates (`---completion`, as
/// argument-parser's scripts call it): prompt ids, datasets, experiments and models of the
/// repository the command line is in.
@Suite struct CompletionTests {
    @Test func promptsDatasetsExperimentsAndModelsAreCompletedFromTheRepository() async throws {
        try await withFakeServer { server, _ in
            let (scratch, environment) = try BatchModeTests.experiment(server, kind: "openai")
            /// What the binary offers for `argument` of the command at `path`, the words typed
            /// so far being `words` (the last one is being completed, the cursor at its end).
            func complete(_ path: [String], _ argument: String, _ words: [String]) throws -> [String] {
                let arguments =
                    ["---completion"] + path + ["--", argument, "\(words.count - 1)", "\(words.last?.count ?? 0)"]
                    + words
                let result = try scratch.promptexp(arguments, environment: environment)
                #expect(result.status == 0, "\(result.standardError)")
                return result.standardOutput.split(separator: "\n").map(String.init)
            }
            #expect(try complete(["prompt", "show"], "positional@0", ["promptexp", "prompt", "show", ""]) == ["math"])
            #expect(try complete(["exp", "run"], "positional@0", ["promptexp", "exp", "run", ""]) == ["k"])
            #expect(
                try complete(["dataset", "show"], "positional@0", ["promptexp", "dataset", "show", ""]) == ["sums"])
            let models = try complete(["run"], "--model", ["promptexp", "run", "math", "--model", ""])
            #expect(models.first == "fake-model")
            // The word typed so far narrows the candidates.
            #expect(try complete(["run"], "--model", ["promptexp", "run", "math", "--model", "fa"]) == ["fake-model"])
            // Outside a repository: nothing, and no error.
            let elsewhere = try ProcessRunner.run(
                PackagePaths.binary,
                ["---completion", "prompt", "show", "--", "positional@0", "3", "0", "promptexp", "prompt", "show", ""],
                in: scratch.home.url, environment: environment)
            #expect(elsewhere.status == 0)
            #expect(elsewhere.standardOutput == "")
        }
    }
}
