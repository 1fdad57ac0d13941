import Foundation
import PromptExpKit
import PromptExpTestSupport
import Testing

@Suite struct ProcessLockTests {
    @Test func aHeldLockRefusesNamingItsHolderUntilReleased() throws {
        let folder = try TemporaryDirectory()
        let url = folder.file("locks/run.lock")
        let first = try ProcessLock.acquire(at: url, subject: "results.jsonl")
        // flock belongs to an open file, so a second open in this process is refused too.
        #expect(throws: ProcessLock.HeldError.self) { try ProcessLock.acquire(at: url, subject: "results.jsonl") }
        do {
            _ = try ProcessLock.acquire(at: url, subject: "results.jsonl")
        } catch {
            #expect(error.holder == getpid())
            #expect(error.description.hasPrefix("another promptexp (pid \(getpid())) is already running results.jsonl"))
        }
        first.release()
        let second = try ProcessLock.acquire(at: url, subject: "results.jsonl")
        second.release()
    }
}
