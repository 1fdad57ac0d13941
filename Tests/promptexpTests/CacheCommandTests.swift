import Foundation
import PromptExpKit
import PromptExpTestSupport
import Testing

@Suite struct CacheCommandTests {
    @Test func statsAndClear() async throws {
        let scratch = try ScratchRepository()
        try scratch.commitProjectExamples()
        let cache = ResponseCache(directory: scratch.root.appendingPathComponent(ProjectLayout.cache))
        for index in 0..<3 {
            cache.store(
                CachedResponse(text: "a\(index)", finishReason: nil, usage: nil, latencyMilliseconds: 1),
                for: String(repeating: "\(index)", count: 64))
        }
        let stats = await CommandHarness.run(["cache", "stats", "--json", "-C", scratch.root.path])
        #expect(try JSONValue.parse(Data(stats.standardOutput.utf8))["entries"] == 3)
        let clear = await CommandHarness.run(["cache", "clear", "-C", scratch.root.path])
        #expect(clear.standardOutput == "removed 3 cached answers\n")
        #expect(cache.stats().entries == 0)
        // The cache is git-ignored by the project's .gitignore line.
        cache.store(
            CachedResponse(text: "x", finishReason: nil, usage: nil, latencyMilliseconds: 1),
            for: String(repeating: "f", count: 64))
        try scratch.write(".gitignore", ".promptexp/cache/\n")
        #expect(try scratch.git("status", "--porcelain") == "?? .gitignore\n")
    }

    @Test func aDryRunOfTheMockCostsNothing() async throws {
        let scratch = try ScratchRepository()
        try scratch.commitProjectExamples()
        let output = await CommandHarness.run(["run", "summarize/article", "--dry-run", "-C", scratch.root.path])
        #expect(output.error == nil)
        #expect(output.standardOutput.contains("calls: 20 (20 rows × 1 variant × 1 model × 1 repeat)"))
        #expect(output.standardOutput.contains("estimated cost: $0.0000"))
    }
}
