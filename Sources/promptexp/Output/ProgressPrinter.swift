import Foundation
import PromptExpKit

/// Shows a run's progress: a live bar on a terminal, a line every few seconds otherwise.
final class ProgressPrinter: @unchecked Sendable {
    // @unchecked: all mutable state is touched under `lock`; events arrive from one task.
    private let console: Console
    private let quiet: Bool
    private let isTerminal: Bool
    private let lock = NSLock()
    private var started = Date()
    private var lastDraw = Date.distantPast
    private var latest = RunProgress()
    private var drewBar = false

    init(console: Console, quiet: Bool) {
        self.console = console
        self.quiet = quiet
        isTerminal = isatty(STDERR_FILENO) == 1 && Console.capture == nil
    }

    func handle(_ event: RunEvent) {
        lock.withLock {
            switch event {
            case .started(let total):
                started = Date()
                latest.total = total
            case .warning(let text):
                clearBar()
                console.warn(text)
            case .resuming(let finishedCalls):
                clearBar()
                console.write("resuming: \(finishedCalls) finished calls from an earlier attempt are kept\n")
            case .progress(let progress):
                latest = progress
                guard !quiet else { return }
                let now = Date()
                let interval = isTerminal ? 0.1 : 5
                if now.timeIntervalSince(lastDraw) >= interval || progress.done == progress.total {
                    lastDraw = now
                    draw(now: now)
                }
            }
        }
    }

    func finish() {
        lock.withLock {
            if drewBar { console.write("\n") }
            drewBar = false
        }
    }

    private func clearBar() {
        if drewBar { console.write("\r\u{1B}[2K") }
    }

    private func draw(now: Date) {
        let elapsed = max(0.001, now.timeIntervalSince(started))
        let rate = Double(latest.done) / elapsed
        let remaining = rate > 0 ? Double(latest.total - latest.done) / rate : 0
        let stats = String(
            format: "%d/%d  %.1f/s  ETA %@  %@  errors %d  reused %d",
            latest.done, latest.total, rate, Self.clock(remaining) as NSString,
            NumberText.money(latest.cost) as NSString,
            latest.errors, latest.reused)
        if isTerminal {
            let width = 24
            let filled = latest.total > 0 ? width * latest.done / latest.total : width
            let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
            console.write("\r\u{1B}[2K\(bar) \(stats)")
            drewBar = true
        } else {
            console.write("progress: \(stats)\n")
        }
    }

    static func clock(_ seconds: Double) -> String {
        let total = Int(seconds.rounded())
        return total >= 3600
            ? String(format: "%d:%02d:%02d", total / 3600, total / 60 % 60, total % 60)
            : String(format: "%d:%02d", total / 60, total % 60)
    }
}

/// Ctrl-C, SIGTERM (CI's cancel, `timeout`) or SIGHUP (a closed terminal) once: stop
/// scheduling, let the calls in flight finish and save them. Twice: leave at once (finished
/// calls are already in the journal). The command then exits with the signal's status
/// (128 + its number: 130, 143, 129), as a shell reports a process the signal ended.
final class InterruptHandler: Sendable {
    // The signal sources are made once per process and never cancelled: libdispatch on
    // Linux installs its signal handler once, so a source made after another was cancelled
    // (and the signal reset) never fires, and the second run of a process (a sequential
    // run's next wave, check's next prompt) would ignore Ctrl-C. Each handler only says
    // which run a signal stops; between runs, a signal ends the process as by default.
    private static let lock = NSLock()
    nonisolated(unsafe) private static var received: Int32?
    nonisolated(unsafe) private static var current: (control: RunControl, console: Console, id: ObjectIdentifier)?
    nonisolated(unsafe) private static var sources: [any DispatchSourceSignal] = []
    static let handled: [Int32] = [SIGINT, SIGTERM, SIGHUP]

    /// The first signal a run was stopped by in this process, if any.
    static var receivedSignal: Int32? { lock.withLock { received } }

    init(control: RunControl, console: Console) {
        Self.lock.withLock {
            Self.current = (control, console, ObjectIdentifier(self))
            guard Self.sources.isEmpty else { return }
            Self.sources = Self.handled.map { number in
                signal(number, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
                source.setEventHandler { Self.receive(number) }
                source.resume()
                return source
            }
        }
    }

    private static func receive(_ number: Int32) {
        let (first, run) = lock.withLock {
            if received == nil { received = number }
            return (received ?? number, current)
        }
        // No run in flight (between runs, at a question): end the process, as by default.
        guard let run else { exit(128 + number) }
        if run.control.isStopped {
            run.console.write("\naborted\n")
            exit(128 + first)
        }
        run.control.stop()
        let name = number == SIGINT ? "Ctrl-C" : number == SIGTERM ? "SIGTERM" : "SIGHUP"
        run.console.write("\n\(name): stopping, finishing the calls in flight (Ctrl-C again to abort)\n")
    }

    /// The run is over: a signal from now on ends the process.
    func cancel() {
        let id = ObjectIdentifier(self)
        Self.lock.withLock { if Self.current?.id == id { Self.current = nil } }
    }
}
