import ArgumentParser
import PromptExpKit

/// `promptexp exp promote NAME`: the candidate becomes production.
struct ExpPromoteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "promote",
        abstract: "Tag the candidate production and fast-forward the branch the experiment came from, when possible.",
        discussion: "Never a forced update: when that branch has moved on, merge exp/NAME or open a pull request.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The experiment.") var name: String

    func run() throws {
        let project = try global.openProject()
        let outcome = try project.promote(name)
        let console = global.console
        if let commit = outcome.tagCommit {
            console.print("tagged the candidate production on exp/\(name) (\(commit.short))")
        } else {
            console.print("the candidate on exp/\(name) already carries production")
        }
        guard let source = outcome.sourceBranch else {
            console.print("the experiment records no source branch: merge exp/\(name) where it belongs")
            return
        }
        if outcome.fastForwarded {
            console.print("fast-forwarded \(source) to \(outcome.tip.short)")
        } else {
            console.print("\(source) has moved on since the experiment started: merge exp/\(name) into \(source), or open a pull request")
        }
    }
}
