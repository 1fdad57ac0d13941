import ArgumentParser
import PromptExpKit

/// `promptexp exp promote NAME`: the candidate becomes production, if its last run allows.
struct ExpPromoteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "promote",
        abstract: "Tag the candidate production and fast-forward the branch the experiment came from.",
        discussion: """
            A gate, like check: it refuses with exit 2 when the last committed run regressed, \
            and with exit 1 when the evidence is missing or does not match what would ship: \
            never run, inconclusive, failed calls, no evaluators, stale (the candidate, the \
            dataset or production changed since), models other than the evaluated ones, or a \
            newer draft on the source branch it would drop. --force promotes anyway and records \
            what it overrode in the commit. Never a forced update of the branch: when it has \
            moved on (exit 1), merge exp/NAME or open a pull request.
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The experiment.", completion: Completions.experiments) var name: String
    @Flag(help: "Promote even when the last run does not allow it; the commit says what was overridden.") var force =
        false

    func run() throws {
        let project = try global.openProject()
        let console = global.console
        let outcome: PromotionOutcome
        do {
            outcome = try project.promote(name, force: force)
        } catch let refused as PromotionRefused {
            console.write("error: \(refused.description)\n")
            throw ExitCode(refused.exitCode)
        }
        for overridden in outcome.overridden { console.warn("promoted with --force past: \(overridden)") }
        if let commit = outcome.tagCommit {
            console.print("tagged the candidate production on exp/\(name) (\(commit.short))")
        } else {
            console.print("the candidate on exp/\(name) already carries production")
        }
        guard let source = outcome.sourceBranch else {
            throw CommandError("the experiment records no source branch: merge exp/\(name) where it belongs")
        }
        guard outcome.fastForwarded else {
            throw CommandError(
                "\(source) has moved on since the experiment started: merge exp/\(name) into \(source), or open a pull request"
            )
        }
        console.print("fast-forwarded \(source) to \(outcome.tip.short)")
    }
}
