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

    @OptionGroup var arguments: OpenBatchesArguments

    func run() async throws {
        guard let (project, name, ledger) = try arguments.open(nothing: ": nothing to cancel") else { return }
        let console = arguments.global.console
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
