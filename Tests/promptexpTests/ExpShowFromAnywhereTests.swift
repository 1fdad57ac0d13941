import Foundation
import PromptExpKit
import PromptExpTestSupport
import Testing

@testable import promptexp

/// `exp show`, `exp diff` and `report` read an experiment from its branch whatever is
/// checked out; `exp show` filters by score and pages on a terminal.
@Suite struct ExpShowFromAnywhereTests {
    let scratch: ScratchRepository
    let path = "prompts/support/reply.prompt"

    /// Experiment `worse` (the candidate drops the customer's name, so `mentions-customer`
    /// fails on every row), run and committed; then back on main.
    init() async throws {
        scratch = try ScratchRepository()
        try scratch.commitProjectExamples(message: "examples")
        let new = await CommandHarness.run([
            "exp", "new", "worse", "--prompt", "support/reply", "--sample", "4", "--seed", "2", "-C", scratch.root.path,
        ])
        #expect(new.exitCode == 0, "\(new.standardError)")
        try scratch.write(
            path, try scratch.read(path).replacingOccurrences(of: "{{customer}} wrote:", with: "A customer wrote:"))
        let run = await CommandHarness.run(["exp", "run", "--quiet", "-C", scratch.root.path])
        #expect(run.standardOutput.contains("committed"), "\(run.standardError)")
        try scratch.git("checkout", "-q", "main")
    }

    func promptexp(_ arguments: String...) async -> CommandOutput {
        await CommandHarness.run(arguments + ["-C", scratch.root.path])
    }

    @Test func showAndDiffReadTheBranchFromMain() async throws {
        let show = await promptexp("exp", "show", "worse", "--no-pager")
        #expect(show.exitCode == 0, "\(show.standardError)")
        #expect(show.standardOutput.hasSuffix("4 rows shown; 4 of 4 outputs changed\n"))
        #expect(show.standardOutput.contains("mentions-customer: pass → fail"))
        // main's own file is untouched and not what the diff shows.
        try scratch.write(path, try scratch.read(path).replacingOccurrences(of: "Parcelry", with: "SomethingElse"))
        let diff = await promptexp("exp", "diff", "worse")
        #expect(diff.standardOutput.contains("-{{customer}} wrote:\n+A customer wrote:"))
        #expect(!diff.standardOutput.contains("SomethingElse"))
        #expect(diff.standardOutput.contains("outputs: 4 of 4 changed"))
    }

    @Test func showFiltersByScoreAndShowsWholeInputsForARow() async throws {
        let worse = await promptexp("exp", "show", "worse", "--worse", "--json")
        let shown = try JSONValue.parse(Data(worse.standardOutput.utf8))
        #expect(shown["experiment"]?.stringValue == "worse")
        #expect(shown["prompt_diff"]?.arrayValue?.isEmpty == false)
        let rows = shown["rows"]?.arrayValue ?? []
        #expect(rows.count == 4)
        #expect(rows.allSatisfy { $0["inputs"]?["customer"]?.stringValue?.isEmpty == false })
        let better = await promptexp("exp", "show", "worse", "--better", "--no-pager")
        #expect(better.standardOutput == "0 rows shown; 4 of 4 outputs changed\n")
        let failing = await promptexp("exp", "show", "worse", "--failing", "--no-pager")
        #expect(failing.standardOutput.hasPrefix("row "))
        let id = try #require(rows.first?["row_id"]?.stringValue)
        let one = await promptexp("exp", "show", "worse", "--row", id, "--no-pager")
        let ticket = try #require(rows.first?["inputs"]?["ticket"]?.stringValue)
        // The whole ticket, not an abridged one, under an inputs heading.
        #expect(one.standardOutput.contains("  inputs:\n"))
        #expect(one.standardOutput.contains(ticket.contains("\n") ? "    ticket:\n" : "ticket:"))
        #expect(one.standardOutput.contains(ticket.split(separator: "\n").last.map(String.init) ?? ticket))
    }

    @Test func multiLineOutputsAreIndentedUnderTheirLabel() {
        let block = PairPrinter.labeled("base", "first line\nsecond line", "  (12 ms)")
        #expect(block == "  base:  (12 ms)\n      first line\n      second line")
        #expect(PairPrinter.labeled("both", "one line", "") == "  both:      one line")
    }

    @Test func anExperimentNeverRunIsExit1WithTheCommandToRun() async throws {
        let new = await promptexp("exp", "new", "fresh", "--prompt", "support/reply")
        #expect(new.exitCode == 0)
        try scratch.git("checkout", "-q", "main")
        let show = await promptexp("exp", "show", "fresh")
        #expect(show.exitCode == 1)
        #expect(
            show.error
                == "error: experiment fresh has no results yet: run it with `git switch exp/fresh && promptexp exp run`"
        )
    }

    /// Under a terminal (script(1) gives the binary one) the output goes through $PAGER.
    @Test func onATerminalTheOutputGoesThroughThePager() throws {
        try #require(
            FileManager.default.isExecutableFile(atPath: "/usr/bin/script"),
            "script (util-linux) gives the binary a terminal")
        let command = "\(PackagePaths.binary.path) exp show worse --changed"
        let environment = ProcessRunner.isolatedEnvironment(
            home: scratch.home.url, extra: ["PAGER": "sed 's/^/PAGED: /'"])
        let paged = try ProcessRunner.run(
            URL(fileURLWithPath: "/usr/bin/script"), ["-qec", command, "/dev/null"], in: scratch.root,
            environment: environment)
        #expect(paged.status == 0, "\(paged.standardOutput)\(paged.standardError)")
        #expect(paged.standardOutput.contains("PAGED: row "))
        let plain = try ProcessRunner.run(
            URL(fileURLWithPath: "/usr/bin/script"), ["-qec", command + " --no-pager", "/dev/null"], in: scratch.root,
            environment: environment)
        #expect(!plain.standardOutput.contains("PAGED:"))
        #expect(plain.standardOutput.contains("row "))
    }
}
