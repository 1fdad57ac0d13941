import Foundation
import Synchronization
import Testing

@testable import PromptExpView

/// The view's kept answers: one making per key however many ask at once, failures not
/// kept, and a bounded number of answers.
@Suite struct AnswerCacheTests {
    struct Failure: Error {}

    final class Counter: Sendable {
        let count = Atomic<Int>(0)
    }

    @Test func callersAskingAtOnceShareOneMaking() async throws {
        let cache = AnswerCache<Int>(capacity: 4)
        let calls = Counter()
        let answers = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    try await cache.value(key: "run") {
                        // Long enough for the others to arrive while it is being made.
                        Thread.sleep(forTimeInterval: 0.05)
                        return calls.count.add(1, ordering: .relaxed).newValue * 10
                    }
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(answers == Array(repeating: 10, count: 8))
        #expect(calls.count.load(ordering: .relaxed) == 1)
        #expect(cache.madeCount == 1)
    }

    @Test func aFailureIsNotKept() async throws {
        let cache = AnswerCache<String>(capacity: 4)
        await #expect(throws: Failure.self) {
            try await cache.value(key: "run") { throw Failure() }
        }
        #expect(try await cache.value(key: "run") { "made" } == "made")
        #expect(try await cache.value(key: "run") { "made again" } == "made")
        #expect(cache.madeCount == 2)
    }

    @Test func itKeepsAtMostItsCapacity() async throws {
        let cache = AnswerCache<String>(capacity: 2)
        for key in ["a", "b", "c"] {
            _ = try await cache.value(key: key) { key }
        }
        // Full at "c": the older answers were let go, so "a" is made again.
        #expect(try await cache.value(key: "a") { "a again" } == "a again")
        #expect(try await cache.value(key: "c") { "c again" } == "c")
        #expect(cache.madeCount == 4)
    }
}
