import Foundation
import PromptExpKit

/// Shows batch mode as it goes: each batch submitted, found again or collected, and,
/// when batches are still open at the end, where they stand and what to do next.
struct BatchPrinter: Sendable {
    let console: Console
    let quiet: Bool

    func handle(_ event: BatchEvent) {
        switch event {
        case .submitted(let id, let provider, let model, let requests):
            console.write("batch \(id): \(counted(requests, "call")) submitted to \(provider) for \(model)\n")
        case .recovered(let id, let label):
            console.write("batch \(id): found at the provider (\(label)), submitted by an earlier attempt\n")
        case .notOurs(let id, let label):
            console.write(
                "batch \(id): holds other requests than \(label) (another submission's batch): not used; looking again\n"
            )
        case .waiting(let status):
            guard !quiet else { return }
            console.write("batch \(status.id): \(status.state), \(status.finished) of \(status.total) done\n")
        case .collected(let id, let answered, let failed):
            let failures = failed > 0 ? ", \(failed) failed" : ""
            console.write("batch \(id): ended, \(counted(answered, "answer")) collected\(failures)\n")
        }
    }

    /// What is still running, and how the run finishes.
    func printOpen(_ report: BatchRun.Report, job: RunJob, stopped: Bool) {
        let batches = counted(report.open.count, "batch", plural: "batches")
        let lead = stopped ? "stopped waiting: " : ""
        console.write(
            "\(lead)\(counted(report.waitingCalls, "call")) waiting in \(batches) at the providers (recorded in \(job.ledgerPath)); "
                + "run the same command again to collect them, or add --wait\n")
    }
}
