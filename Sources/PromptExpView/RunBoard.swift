import Foundation
import PromptExpKit

/// The experiment runs the view started, and how far each has got: the page polls it.
/// One run per experiment at a time (the run's own lock also refuses a second process).
final class RunBoard: @unchecked Sendable {
    // @unchecked: `entries` is only read and written under `lock`.
    private let lock = NSLock()
    private var entries: [String: Entry] = [:]

    struct Entry {
        var state = "running"
        var progress = RunProgress()
        var message: String?
        var control = RunControl()
        var started = Date()
    }

    /// Registers a run of `name`; nil when one is already going.
    func begin(_ name: String) -> RunControl? {
        lock.withLock {
            if entries[name]?.state == "running" { return nil }
            let entry = Entry()
            entries[name] = entry
            return entry.control
        }
    }

    func update(_ name: String, with event: RunEvent) {
        guard case .progress(let progress) = event else { return }
        lock.withLock {
            // Events can arrive out of order; progress only moves forward.
            if progress.done >= (entries[name]?.progress.done ?? 0) { entries[name]?.progress = progress }
        }
    }

    /// A message shown with the run's state while it goes on (batches still open).
    func note(_ name: String, _ message: String) {
        lock.withLock { entries[name]?.message = message }
    }

    /// The message noted last, if any.
    func message(_ name: String) -> String? {
        lock.withLock { entries[name]?.message }
    }

    func end(_ name: String, state: String, message: String) {
        lock.withLock {
            entries[name]?.state = state
            entries[name]?.message = message
        }
    }

    /// Asks a run to stop: the calls in flight finish and are kept.
    func cancel(_ name: String) -> Bool {
        lock.withLock {
            guard let entry = entries[name], entry.state == "running" else { return false }
            entry.control.stop()
            return true
        }
    }

    func status(_ name: String) -> JSONValue {
        lock.withLock {
            guard let entry = entries[name] else { return ["state": "idle"] }
            let progress = entry.progress
            // Seconds left at the rate so far; nil until a call has finished.
            let elapsed = Date().timeIntervalSince(entry.started)
            let remaining =
                progress.done > 0 && entry.state == "running"
                ? elapsed / Double(progress.done) * Double(progress.total - progress.done) : nil
            return [
                "eta_seconds": remaining.map { .int(Int($0.rounded())) } ?? .null,
                "state": .string(entry.state), "message": entry.message.map(JSONValue.string) ?? .null,
                "done": .int(progress.done), "total": .int(progress.total), "reused": .int(progress.reused),
                "errors": .int(progress.errors), "cost": .double(progress.cost),
            ]
        }
    }
}
