import Foundation
import PromptExpKit
import PromptExpTestSupport
import Testing

/// `--shard I/N` and the merge, from the binary against the fake server: the parts hold
/// every call once, the merge writes what one machine would have, and refuses (writing
/// nothing) when a part is missing, given twice, cut short or from another plan.
@Suite struct ShardModeTests {
    typealias Tool = BatchModeTests

    static func lines(_ text: String) -> [String] { text.split(separator: "\n").map(String.init) }

    /// Runs shards 1…`count` of experiment k; returns each part's records' lines, in shard
    /// order, after checking its header names its shard.
    static func runShards(_ count: Int, _ scratch: ScratchRepository, _ environment: [String: String]) throws
        -> [[String]]
    {
        var parts: [[String]] = []
        for index in 1...count {
            let run = try Tool.promptexp(
                ["exp", "run", "--shard", "\(index)/\(count)", "--yes", "--quiet"], scratch, environment)
            #expect(run.status == 0, "\(run.standardError)")
            let lines = Self.lines(try scratch.read(Self.part(index, of: count)))
            let header = try JSONValue.parse(Data((lines.first ?? "").utf8))["promptexp_part"]
            #expect(header?["shard"] == .int(index) && header?["of"] == .int(count))
            #expect(header?["calls"] == .int(lines.count - 1))
            parts.append(Array(lines.dropFirst()))
        }
        return parts
    }

    static func part(_ index: Int, of count: Int) -> String {
        ".promptexp/experiments/k/results.shard-\(index)-of-\(count).jsonl"
    }

    /// The header line of part `index` of `count`.
    static func header(_ scratch: ScratchRepository, _ index: Int, of count: Int) throws -> String {
        Self.lines(try scratch.read(Self.part(index, of: count)))[0]
    }

    @Test func shardsSplitTheCallsAndTheMergeIsWhatOneMachineWrites() async throws {
        try await withFakeServer { server, _ in
            let (direct, directEnvironment) = try Tool.experiment(server, kind: "openai")
            #expect(try Tool.promptexp(["exp", "run", "--yes", "--no-cache"], direct, directEnvironment).status == 0)
            let single = try Tool.committedResults(direct)
            let sentBySingle = server.requestCount

            let (scratch, environment) = try Tool.experiment(server, kind: "openai")
            let parts = try Self.runShards(3, scratch, environment)
            // Every call in exactly one part, and each sent once.
            #expect(parts.map(\.count).reduce(0, +) == 12)
            #expect(Set(parts.joined()).count == 12)
            #expect(server.requestCount - sentBySingle == 12)
            // Each part holds exactly the calls whose hash falls in its shard.
            for (index, part) in parts.enumerated() {
                for line in part {
                    let hash = try #require(try JSONValue.parse(Data(line.utf8))["request_hash"]?.stringValue)
                    #expect(Shard.position(of: hash, among: 3) == index)
                }
            }
            #expect(
                try scratch.git("status", "--porcelain", "--untracked-files=all").contains("results.shard-2-of-3.jsonl")
            )

            let merged = try Tool.promptexp(["exp", "run", "--merge", "--yes"], scratch, environment)
            #expect(merged.status == 0, "\(merged.standardError)")
            #expect(merged.standardError.contains("merged 3 parts into .promptexp/experiments/k/results.jsonl"))
            // Nothing sent by the merge; the parts are gone, the tree is clean.
            #expect(server.requestCount - sentBySingle == 12)
            #expect(try scratch.git("status", "--porcelain", "--untracked-files=all") == "")
            let committed = try scratch.git("show", "HEAD:.promptexp/experiments/k/results.jsonl")
            // Each line is a part's line byte for byte, in the single run's order...
            let partLines = Set(parts.joined())
            #expect(Self.lines(committed).allSatisfy(partLines.contains))
            // ...and, latencies aside (they are each call's own), the single run's file.
            func withoutLatency(_ records: [JSONValue]) -> [JSONValue] {
                records.map { record in
                    var object = record.objectValue ?? [:]
                    object["latency_ms"] = nil
                    return .object(object)
                }
            }
            #expect(withoutLatency(try Tool.committedResults(scratch)) == withoutLatency(single))
        }
    }

    @Test func aMergeOfPartsFromTheCacheIsByteIdenticalToTheSingleRun() async throws {
        try await withFakeServer { server, _ in
            let (scratch, environment) = try Tool.experiment(server, kind: "openai")
            // One machine's run, committed; its answers are in the cache.
            #expect(try Tool.promptexp(["exp", "run", "--yes", "--no-commit"], scratch, environment).status == 0)
            let single = try scratch.read(".promptexp/experiments/k/results.jsonl")
            try FileManager.default.removeItem(
                at: scratch.root.appendingPathComponent(".promptexp/experiments/k/results.jsonl"))
            _ = try Self.runShards(4, scratch, environment)
            let merged = try Tool.promptexp(["exp", "run", "--merge", "--yes"], scratch, environment)
            #expect(merged.status == 0, "\(merged.standardError)")
            #expect(try scratch.git("show", "HEAD:.promptexp/experiments/k/results.jsonl") == single)
            #expect(server.requestCount == 12)
        }
    }

    @Test func aMissingPartRefusesAndWritesNothing() async throws {
        try await withFakeServer { server, _ in
            let (scratch, environment) = try Tool.experiment(server, kind: "openai")
            _ = try Self.runShards(3, scratch, environment)
            let head = try scratch.git("rev-parse", "HEAD")
            try FileManager.default.removeItem(
                at: scratch.root.appendingPathComponent(".promptexp/experiments/k/results.shard-2-of-3.jsonl"))
            let merged = try Tool.promptexp(["exp", "run", "--merge", "--yes"], scratch, environment)
            #expect(merged.status == 1)
            #expect(merged.standardError == "error: missing part 2 of 3: merge all 3 parts\n")
            #expect(try scratch.git("rev-parse", "HEAD") == head)
            #expect(
                !FileManager.default.fileExists(
                    atPath: scratch.root.appendingPathComponent(".promptexp/experiments/k/results.jsonl").path))
        }
    }

    @Test func aPartGivenTwiceOrOfAnotherSplitRefuses() async throws {
        try await withFakeServer { server, _ in
            let (scratch, environment) = try Tool.experiment(server, kind: "openai")
            _ = try Self.runShards(2, scratch, environment)
            let folder = ".promptexp/experiments/k"
            try FileManager.default.createDirectory(
                at: scratch.root.appendingPathComponent("copy"), withIntermediateDirectories: true)
            try scratch.write(
                "copy/results.shard-1-of-2.jsonl", try scratch.read("\(folder)/results.shard-1-of-2.jsonl"))
            let twice = try Tool.promptexp(
                [
                    "results", "merge", "\(folder)/results.shard-1-of-2.jsonl", "copy/results.shard-1-of-2.jsonl",
                    "\(folder)/results.shard-2-of-2.jsonl",
                ],
                scratch, environment)
            #expect(twice.status == 1)
            #expect(
                twice.standardError
                    == "error: part 1/2 given twice: \(folder)/results.shard-1-of-2.jsonl and copy/results.shard-1-of-2.jsonl\n"
            )
            try scratch.write("copy/results.shard-1-of-3.jsonl", "")
            let mixed = try Tool.promptexp(
                ["results", "merge", "\(folder)/results.shard-1-of-2.jsonl", "copy/results.shard-1-of-3.jsonl"],
                scratch,
                environment)
            #expect(mixed.status == 1)
            #expect(mixed.standardError.contains("is a part of 3 shards but"))
            let named = try Tool.promptexp(
                ["results", "merge", "\(folder)/results.shard-1-of-2.jsonl", "\(folder)/results.shard-2-of-2.jsonl"],
                scratch, environment)
            #expect(named.status == 0, "\(named.standardError)")
            #expect(try Tool.committedResults(scratch).count == 12)
        }
    }

    @Test func aCallMissingFromAPartOrAPartOfAnotherPlanIsNamed() async throws {
        try await withFakeServer { server, _ in
            let (scratch, environment) = try Tool.experiment(server, kind: "openai")
            let parts = try Self.runShards(2, scratch, environment)
            let path = Self.part(2, of: 2)
            let header = try Self.header(scratch, 2, of: 2)
            // A part cut short by one call.
            let dropped = try JSONValue.parse(Data(parts[1][0].utf8))
            try scratch.write(path, ([header] + parts[1].dropFirst()).map { $0 + "\n" }.joined())
            let short = try Tool.promptexp(["exp", "run", "--merge", "--yes"], scratch, environment)
            #expect(short.status == 1)
            let row = dropped["row_id"]?.stringValue ?? "?"
            let variant = dropped["variant"]?.stringValue ?? "?"
            #expect(
                short.standardError
                    == "error: refusing to merge, nothing written: 1 call no part holds: \(row) · \(variant) · fake-model (part 2/2)\n"
            )
            // The same record twice.
            try scratch.write(path, ([header, parts[1][0]] + parts[1]).map { $0 + "\n" }.joined())
            let twice = try Tool.promptexp(["exp", "run", "--merge", "--yes"], scratch, environment)
            #expect(twice.status == 1)
            #expect(twice.standardError.contains("1 call given twice: \(row) · \(variant) · fake-model"))
            // A record no call of the plan has.
            var stranger = try #require(try JSONValue.parse(Data(parts[1][0].utf8)).objectValue)
            stranger["row_id"] = "q99"
            try scratch.write(
                path, ([header] + parts[1] + [JSONValue.object(stranger).canonicalJSON]).map { $0 + "\n" }.joined())
            let extra = try Tool.promptexp(["exp", "run", "--merge", "--yes"], scratch, environment)
            #expect(extra.status == 1)
            #expect(extra.standardError.contains("1 record this plan does not have"), "\(extra.standardError)")
            // A part without its header is not taken for one.
            try scratch.write(path, parts[1].map { $0 + "\n" }.joined())
            let headless = try Tool.promptexp(["exp", "run", "--merge", "--yes"], scratch, environment)
            #expect(headless.standardError.hasPrefix("error: \(path): not a results part"))
            try scratch.write(path, ([header] + parts[1]).map { $0 + "\n" }.joined())
            // The candidate changed after the shards ran: the parts are another plan's.
            try scratch.write("prompts/math.prompt", "---\ntags: [production]\n---\nuser:\nNow answer: {{question}}\n")
            let other = try Tool.promptexp(["exp", "run", "--merge", "--yes"], scratch, environment)
            #expect(other.status == 1)
            #expect(
                other.standardError
                    == "error: \(Self.part(1, of: 2)) holds calls of another plan: the prompt, dataset, models or sample changed since the shards ran; run every shard again\n"
            )
            #expect((try? scratch.git("show", "HEAD:.promptexp/experiments/k/results.jsonl")) == nil)
        }
    }

    @Test func runTakesShardsAndMergesToo() async throws {
        try await withFakeServer { server, _ in
            let (scratch, environment) = try Tool.experiment(server, kind: "openai")
            for index in 1...2 {
                let part = try Tool.promptexp(
                    ["run", "math", "--dataset", "sums", "--model", "fake-model", "--shard", "\(index)/2", "--quiet"],
                    scratch, environment)
                #expect(part.status == 0, "\(part.standardError)")
            }
            let merged = try Tool.promptexp(
                ["run", "math", "--dataset", "sums", "--model", "fake-model", "--merge", "--quiet"], scratch,
                environment)
            #expect(merged.status == 0, "\(merged.standardError)")
            let results = try scratch.read(".promptexp/runs/math.results.jsonl")
            #expect(Self.lines(results).count == 6)
            #expect(server.requestCount == 6)
            let runs = try FileManager.default.contentsOfDirectory(
                atPath: scratch.root.appendingPathComponent(".promptexp/runs").path)
            #expect(runs == ["math.results.jsonl"])
        }
    }

    @Test func checkTakesShardsAndDecidesOnTheMerge() async throws {
        try await withFakeServer { server, _ in
            let (scratch, environment) = try Tool.experiment(server, kind: "openai")
            try Tool.changeOnAFeatureBranch(scratch)
            for index in 1...2 {
                let part = try Tool.promptexp(
                    ["check", "--base", "main", "--shard", "\(index)/2", "--quiet"], scratch, environment)
                #expect(part.status == 0, "\(part.standardError)")
                #expect(part.standardOutput.contains("shard \(index)/2: "))
                #expect(!part.standardOutput.contains("check passed"))
            }
            let folder = scratch.root.appendingPathComponent(".git/promptexp/check")
            let parts = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter {
                $0.contains(".shard-")
            }
            #expect(parts.sorted() == ["math.results.shard-1-of-2.jsonl", "math.results.shard-2-of-2.jsonl"])
            let merged = try Tool.promptexp(["check", "--base", "main", "--merge", "--quiet"], scratch, environment)
            #expect(merged.status == 0, "\(merged.standardError)")
            #expect(merged.standardOutput.contains("check passed: 1 prompt checked, none regressed"))
            #expect(server.requestCount == 12)
        }
    }

    @Test func aBadShardIsAUsageError() async throws {
        let scratch = try ScratchRepository()
        let environment = ProcessRunner.isolatedEnvironment(home: scratch.home.url)
        for bad in ["0/3", "4/3", "x", "1/0"] {
            let result = try Tool.promptexp(["run", "p", "--shard", bad], scratch, environment)
            #expect(result.status == 64)
            #expect(result.standardError.contains("--shard takes I/N with 1 ≤ I ≤ N, got '\(bad)'"))
        }
        for (arguments, message) in [
            (
                ["--shard", "1/2", "--batch"],
                "--shard splits the calls over machines and --batch hands them to the provider"
            ),
            (["--merge", "--dry-run"], "--merge writes the results: it takes no --dry-run"),
            (["--merge", "--shard", "1/2"], "--merge joins the parts of every shard: it takes no --shard"),
            (["--part", "x.shard-1-of-2.jsonl"], "--part goes with --merge"),
        ] {
            let result = try Tool.promptexp(["exp", "run"] + arguments, scratch, environment)
            #expect(result.status == 64)
            #expect(result.standardError.contains(message), "\(result.standardError)")
        }
    }
}
