import Synchronization

/// Answers kept by a key that names everything they were made from, a few at a time: the
/// view's costly answers (a large run's comparison, its pair index) are made once per
/// change, not per page load.
final class AnswerCache<Value: Sendable>: Sendable {
    private let answers = Mutex<[String: Value]>([:])
    private let capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
    }

    func cached(key: String, make: () throws -> Value) throws -> Value {
        if let found = answers.withLock({ $0[key] }) { return found }
        let made = try make()
        answers.withLock { kept in
            if kept.count >= capacity { kept.removeAll() }
            kept[key] = made
        }
        return made
    }
}
