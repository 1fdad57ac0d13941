import PromptExpKit

/// The web view's observer of a run it started: progress and batches go to the board the
/// page polls. The page showed the plan and the person pressed Run, so nothing is asked.
struct RunBoardObserver: RunObserver {
    let name: String
    let board: RunBoard
    let control: RunControl

    func runEvent(_ event: RunEvent) { board.update(name, with: event) }

    func batchesOpen(_ report: BatchRun.Report, of job: RunJob) {
        board.note(
            name,
            "\(counted(report.waitingCalls, "call")) waiting in \(counted(report.open.count, "batch", plural: "batches")) at the providers (recorded in \(job.ledgerPath)); run again later to collect them"
        )
    }
}
