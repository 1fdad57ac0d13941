import Dispatch
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

    /// Makings that take long run on threads of their own: more of them than the machine
    /// has cores, all blocked at once, still leave Swift's pool and Dispatch's free for
    /// the page's other requests (and for Ctrl-C).
    @Test func longMakingsLeaveThePoolsFree() async throws {
        let cache = AnswerCache<Int>(capacity: 16)
        let gate = DispatchSemaphore(value: 0)
        let count = ProcessInfo.processInfo.activeProcessorCount + 2
        let makings = (0..<count).map { index in
            Task {
                try await cache.value(key: "\(index)") {
                    gate.wait()
                    return index
                }
            }
        }
        // Should the makings hold the pools (the bug this guards against), the test is not
        // left hanging: after a minute the gate opens and the failure is recorded.
        let waited = Counter()
        DispatchQueue(label: "watchdog").asyncAfter(deadline: .now() + 60) {
            if waited.count.load(ordering: .relaxed) == 0 {
                waited.count.store(2, ordering: .relaxed)
                for _ in 0..<count { gate.signal() }
            }
        }
        let other = try await blockingWork { 42 }
        let watchdogFired = waited.count.exchange(1, ordering: .relaxed) == 2
        #expect(other == 42)
        #expect(!watchdogFired)
        if !watchdogFired { for _ in 0..<count { gate.signal() } }
        for (index, making) in makings.enumerated() { #expect(try await making.value == index) }
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
