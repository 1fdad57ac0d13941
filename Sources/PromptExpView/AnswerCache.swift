import PromptExpKit
import Synchronization

/// Answers kept by a key that names everything they were made from, a few at a time: the
/// view's costly answers (a large run's comparison) are made once per change, not per load.
final class AnswerCache: Sendable {
    private let answers = Mutex<[String: JSONValue]>([:])

    func cached(key: String, make: () throws -> JSONValue) throws -> JSONValue {
        if let found = answers.withLock({ $0[key] }) { return found }
        let made = try make()
        answers.withLock { kept in
            if kept.count >= 16 { kept.removeAll() }
            kept[key] = made
        }
        return made
    }
}
