import ArgumentParser
import Foundation
import PromptExpKit

/// `promptexp exp cancel [NAME]`: cancels the experiment's open batches.
struct ExpCancelCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cancel",
        abstract: "Cancel the experiment's batches still open at the providers.",
        discussion: """
            Answers a batch already has are kept: the next `promptexp exp run` collects them \
            and records the cancelled requests as failed, so a later `exp run --batch` \
            submits only those again.
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(
        help: "The experiment (default: the one of the current exp/ branch).", completion: Completions.experiments)
    var name: String?

    func run() async throws {
        let project = try global.openProject()
        let console = global.console
        let name = try name ?? project.currentExperimentName()
        let ledger = try project.experimentLedger(name)
        guard !ledger.open.isEmpty else {
            console.print("experiment \(name) has no batches open at the providers: nothing to cancel")
            return
        }
        let standings = try await RunContext.use(project: project, settings: RunSettings()) { context in
            await context.cancel(ledger)
        }
        console.print(BatchTable.render(standings))
        let failed = standings.filter { $0.problem != nil }
        if !failed.isEmpty {
            throw CommandError(
                "\(counted(failed.count, "batch", plural: "batches")) could not be cancelled; run exp cancel again")
        }
        console.print("cancel asked; promptexp exp run on exp/\(name) collects what they answered")
    }
}
