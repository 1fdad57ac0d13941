import Foundation

/// Keeps the first of many failures that are each too small to stop anything, so they
/// can be reported once.
final class FirstFailure: @unchecked Sendable {
    // @unchecked: `first` is only read and written under `lock`.
    private let lock = NSLock()
    private var first: String?

    func record(_ message: String) {
        lock.withLock { if first == nil { first = message } }
    }

    var message: String? { lock.withLock { first } }
}
