import ArgumentParser
import Foundation
import PromptExpKit

/// `promptexp exp status [NAME]`: the experiment's batches at the providers.
struct ExpStatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show the experiment's batches still open at the providers (exp run --batch).",
        discussion: """
            Each batch is asked about at its provider, so the provider's key must be set; \
            without it the batch is listed as recorded. `promptexp exp run` collects the \
            batches that ended and finishes the run.
            """)

    @OptionGroup var arguments: OpenBatchesArguments

    func run() async throws {
        guard let (project, name, ledger) = try arguments.open(nothing: "") else { return }
        let console = arguments.global.console
        try await RunContext.use(project: project, settings: RunSettings()) { context in
            let standings = await context.standings(of: ledger)
            console.print(BatchTable.render(standings))
            let calls = ledger.open.reduce(0) { $0 + $1.requestHashes.count }
            console.print(
                "\(counted(calls, "call")) in \(counted(ledger.open.count, "batch", plural: "batches")); "
                    + "promptexp exp run on exp/\(name) collects the ended ones and finishes the run")
        }
    }
}
