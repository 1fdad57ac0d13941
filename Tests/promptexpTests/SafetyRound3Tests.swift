import Foundation
import PromptExpKit
import PromptExpTestSupport
import Testing

/// The third round of hostile tries, from the built binary: requests that are the same
/// bytes in every process, signals that stop a run like Ctrl-C, and a closed stdout.
@Suite struct SafetyRound3Tests {
    /// A config whose model `m` is the fake server.
    static func fakeConfig(_ server: FakeProviderServer) -> String {
        "providers:\n  fake: {kind: openai, base_url: \"\(server.baseURL)/v1\"}\nmodels:\n  m: {provider: fake}\n"
    }

    /// A repository with prompt `p` (`{{q}}`) and dataset `d` of `count` rows, on the fake server.
    static func questions(_ server: FakeProviderServer, rows count: Int) throws -> ScratchRepository {
        let scratch = try ScratchRepository()
        let rows = (1...count).map { #"{"id": "r\#($0)", "q": "question \#($0)"}"# }
        try scratch.commit(
            [
                "prompts/p.prompt": "{{q}}\n", "datasets/d.jsonl": rows.joined(separator: "\n") + "\n",
                ".promptexp/config.yaml": fakeConfig(server),
            ], message: "setup")
        return scratch
    }

    static let row =
        #"{"id": "r1", "obj": {"k3": 3, "k1": "v1", "k2": {"z": 1, "a": [1, 2]}}, "list": [{"b": 2, "a": 1}], "big": 12345678901234567890123, "tiny": 1e-400, "price": 1.50, "sci": 2.5e3}"#
    static let template =
        "{{obj}} | {{list}} | {{big}} | {{tiny}} | {{price}} | {{sci}} | {{#obj.k2.a}}<{{.}}>{{/obj.k2.a}} | {{#list}}{{a}}{{/list}}"
    static let rendered =
        #"{"k1":"v1","k2":{"a":[1,2],"z":1},"k3":3} | [{"a":1,"b":2}] | 12345678901234567890123 | 1e-400 | 1.50 | 2.5e3 | <1><2> | 1"#

    func promptexp(_ arguments: [String], _ scratch: ScratchRepository) throws -> ProcessResult {
        try scratch.promptexp(arguments, timeout: 60)
    }

    @Test func objectsArraysAndNumbersRenderAsTheRowWroteThemInEveryProcess() async throws {
        try await withFakeServer { server, _ in
            let scratch = try ScratchRepository()
            try scratch.commit(
                [
                    "prompts/p.prompt": "user:\n\(Self.template)\n",
                    "datasets/d.jsonl": Self.row + "\n"
                        + #"{"id": "r2", "obj": {"b": [1, {"y": 2, "x": 1}]}, "list": [], "big": 1, "tiny": 0, "price": 2, "sci": 1}"#
                        + "\n",
                    ".promptexp/config.yaml": Self.fakeConfig(server),
                ], message: "setup")
            var outputs: [String] = []
            for _ in 0..<3 {
                let render = try promptexp(["prompt", "render", "p", "--row", "d:r1"], scratch)
                #expect(render.status == 0, "\(render.standardError)")
                outputs.append(render.standardOutput)
            }
            #expect(Set(outputs).count == 1)
            #expect(outputs[0].contains(Self.rendered), "\(outputs[0])")

            // The request hash is the same in the next process: the second run sends nothing.
            let first = try promptexp(["run", "p", "--dataset", "d", "--model", "m", "--quiet"], scratch)
            #expect(first.status == 0, "\(first.standardError)")
            #expect(server.requestCount == 2)
            #expect(server.requests.contains { $0.body.contains(#"12345678901234567890123 | 1e-400 | 1.50"#) })
            let second = try promptexp(["run", "p", "--dataset", "d", "--model", "m", "--quiet"], scratch)
            #expect(second.status == 0, "\(second.standardError)")
            #expect(server.requestCount == 2)
        }
    }

    @Test(arguments: [SIGTERM, SIGHUP])
    func aTerminatingSignalStopsARunLikeCtrlCAndKeepsWhatWasAnswered(signal: Int32) async throws {
        try await withFakeServer { server, _ in
            let (scratch, environment) = try RunSafetyTests.experiment(server)
            server.script([.held, .held], then: .answer)
            let run = try RunningProcess(
                PackagePaths.binary, ["exp", "run", "--quiet", "--concurrency", "2"], in: scratch.root,
                environment: environment)
            #expect(await RunningProcess.waitUntilAsync { server.heldCount == 2 })
            kill(run.pid, signal)
            // The two calls in flight are answered after the signal: they are kept.
            try await Task.sleep(for: .milliseconds(300))
            #expect(server.releaseHeld() == 2)
            let stopped = run.wait()
            #expect(stopped.status == 128 + signal, "\(stopped.standardError)")
            #expect(stopped.standardError.contains("stopping"))
            #expect(stopped.standardError.contains("interrupted: finished calls are kept"))
            #expect(server.requestCount == 2)

            let again = try scratch.promptexp(["exp", "run", "--quiet"], environment: environment)
            #expect(again.status == 0, "\(again.standardError)")
            // The two answered before the signal are not paid again.
            #expect(server.requestCount == 12)
        }
    }

    @Test func aClosedStdoutIsQuietAndTheCommandStillFinishes() throws {
        let scratch = try ScratchRepository()
        let rows = (1...20_000).map { #"{"id": "r\#($0)", "q": "a question of some length, number \#($0)"}"# }
        try scratch.commit(
            ["prompts/p.prompt": "{{q}}\n", "datasets/big.jsonl": rows.joined(separator: "\n") + "\n"],
            message: "setup")
        let binary = PackagePaths.binary.path
        let shell = try ProcessRunner.run(
            URL(fileURLWithPath: "/bin/bash"),
            ["-c", "'\(binary)' dataset show big | head -1 >/dev/null; echo \"status=${PIPESTATUS[0]}\""],
            in: scratch.root, environment: ProcessRunner.isolatedEnvironment(home: scratch.home.url), timeout: 60)
        #expect(shell.standardOutput == "status=0\n", "\(shell.standardOutput) \(shell.standardError)")
        #expect(!shell.standardError.contains("Fatal error"))
        #expect(!shell.standardError.contains("Broken pipe"))
        // A run (its HTTP stack ignores SIGPIPE, so a write to the closed pipe failed and
        // trapped) into a reader that is already gone.
        let run = try ProcessRunner.run(
            URL(fileURLWithPath: "/bin/bash"),
            [
                "-c",
                "'\(binary)' run p --dataset big --model mock/echo --sample 50 | true; echo \"status=${PIPESTATUS[0]}\"",
            ],
            in: scratch.root, environment: ProcessRunner.isolatedEnvironment(home: scratch.home.url), timeout: 60)
        #expect(run.standardOutput == "status=0\n", "\(run.standardOutput) \(run.standardError)")
        // The run went on to its end: its results are written and its journal is gone.
        #expect(
            FileManager.default.fileExists(
                atPath: scratch.root.appendingPathComponent(".promptexp/runs/p.results.jsonl").path))
        let journals = scratch.root.appendingPathComponent(".git/promptexp/journal")
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: journals.path)) ?? []).isEmpty)
        #expect(!run.standardError.contains("Fatal error"))
    }

    @Test func aRepositoryMovedAfterAKillResumesWithoutPayingAgain() async throws {
        try await withFakeServer { server, _ in
            let (scratch, environment) = try RunSafetyTests.experiment(server)
            server.script([.answer, .answer], then: .held)
            let run = try RunningProcess(
                PackagePaths.binary, ["exp", "run", "--quiet", "--concurrency", "1"], in: scratch.root,
                environment: environment)
            #expect(await RunningProcess.waitUntilAsync { server.heldCount == 1 })
            kill(run.pid, SIGKILL)
            _ = run.wait()
            server.script([], then: .answer)
            let moved = try TemporaryDirectory(prefix: "promptexp-moved")
            let copy = moved.file("repo")
            let cp = try ProcessRunner.run(
                URL(fileURLWithPath: "/bin/cp"), ["-a", scratch.root.path, copy.path], in: moved.url,
                environment: environment)
            #expect(cp.status == 0)
            let again = try ProcessRunner.run(
                PackagePaths.binary, ["exp", "run", "--quiet"], in: copy, environment: environment)
            #expect(again.status == 0, "\(again.standardError)")
            #expect(again.standardError.contains("resuming: 2 finished calls"))
            // Two answered before the kill, one lost in flight, ten sent from the copy.
            #expect(server.requestCount == 13)
        }
    }

    @Test func aPromptReplacedByALinkInGitIsRefusedNotUnchecked() throws {
        let scratch = try ScratchRepository()
        let prompt =
            "---\ntags: [production]\nmodel: mock/echo\ntests:\n  dataset: datasets/d.jsonl\n  evaluators: [not-empty]\n---\n{{q}}\n"
        try scratch.commit(
            [
                "prompts/p.prompt": prompt, "datasets/d.jsonl": #"{"id": "a", "q": "hello"}"# + "\n",
                "notes.txt": "{{q}} but worse\n",
            ], message: "p")
        try FileManager.default.removeItem(at: scratch.root.appendingPathComponent("prompts/p.prompt"))
        try FileManager.default.createSymbolicLink(
            atPath: scratch.root.appendingPathComponent("prompts/p.prompt").path, withDestinationPath: "../notes.txt")
        try scratch.git("add", "-A")
        try scratch.git("commit", "-qm", "link")
        #expect(try scratch.git("ls-tree", "HEAD", "prompts/p.prompt").hasPrefix("120000"))
        for arguments in [
            ["check", "--base", "HEAD~1"], ["prompt", "show", "p@HEAD"], ["exp", "new", "e", "--prompt", "p"],
        ] {
            let result = try promptexp(arguments, scratch)
            #expect(result.status == 1, "\(arguments): \(result.standardOutput)")
            #expect(
                result.standardError.contains("prompts/p.prompt: a symbolic link"),
                "\(arguments): \(result.standardError)")
        }
    }

    @Test func aPromptIdTooLongForItsResultsFileIsRefusedBeforeAnyCall() async throws {
        try await withFakeServer { server, _ in
            let scratch = try ScratchRepository()
            let id = String(repeating: "a", count: 230)
            try scratch.commit(
                [
                    "prompts/\(id).prompt": "{{q}}\n", "datasets/d.jsonl": #"{"id": "a", "q": "hello"}"# + "\n",
                    ".promptexp/config.yaml": Self.fakeConfig(server),
                ], message: "long")
            let result = try promptexp(["run", id, "--dataset", "d", "--model", "m"], scratch)
            #expect(result.status == 1)
            #expect(result.standardError.contains("path is too long"), "\(result.standardError)")
            #expect(server.requestCount == 0)
        }
    }

    @Test func datasetPathsAreRelativeToTheCurrentFolderLikeGit() throws {
        let scratch = try ScratchRepository()
        try scratch.commit(
            ["prompts/p.prompt": "{{q}}\n", "datasets/t30.jsonl": #"{"id": "a", "q": "hello"}"# + "\n"], message: "p")
        let inside = scratch.root.appendingPathComponent("prompts")
        let environment = ProcessRunner.isolatedEnvironment(home: scratch.home.url)
        func run(_ dataset: String, out: String) throws -> ProcessResult {
            try ProcessRunner.run(
                PackagePaths.binary,
                ["run", "p", "--dataset", dataset, "--model", "mock/echo", "--out", out, "--quiet"],
                in: inside, environment: environment)
        }
        let parent = try run("../datasets/t30.jsonl", out: "../r1.jsonl")
        #expect(parent.status == 0, "\(parent.standardError)")
        #expect(FileManager.default.fileExists(atPath: scratch.root.appendingPathComponent("r1.jsonl").path))
        let absolute = try run(scratch.root.appendingPathComponent("datasets/t30.jsonl").path, out: "r2.jsonl")
        #expect(absolute.status == 0, "\(absolute.standardError)")
        #expect(FileManager.default.fileExists(atPath: inside.appendingPathComponent("r2.jsonl").path))
        let outside = try TemporaryDirectory()
        try outside.write("x.jsonl", #"{"id": "a", "q": "hello"}"# + "\n")
        let refused = try run(outside.file("x.jsonl").path, out: "r3.jsonl")
        #expect(refused.status == 1)
        #expect(refused.standardError.contains("outside the repository"), "\(refused.standardError)")
    }

    @Test func promptsWhoseNamesDifferOnlyInNormalizationAreRefused() throws {
        let scratch = try ScratchRepository()
        let nfc = "caf\u{E9}"
        let nfd = "cafe\u{301}"
        #expect(nfc == nfd && !nfc.utf8.elementsEqual(nfd.utf8))
        let prompt =
            "---\ntags: [production]\nmodel: mock/echo\ntests:\n  dataset: datasets/d.jsonl\n  evaluators: [not-empty]\n---\n{{q}}\n"
        try scratch.write("datasets/d.jsonl", #"{"id": "a", "q": "hello"}"# + "\n")
        try scratch.write("prompts/\(nfc).prompt", prompt)
        try scratch.write("prompts/\(nfd).prompt", prompt)
        try scratch.git("add", "-A")
        try scratch.git("commit", "-qm", "twins")
        #expect(try scratch.git("ls-files", "prompts").split(separator: "\n").count == 2)
        let list = try promptexp(["prompt", "list"], scratch)
        #expect(list.status == 1)
        #expect(list.standardError.contains("differ only in Unicode normalization"), "\(list.standardError)")
        #expect(list.standardError.contains("caf\\u{E9}") && list.standardError.contains("cafe\\u{301}"))
        // A change to one twin: the gate refuses, it never passes.
        try scratch.write("prompts/\(nfd).prompt", prompt.replacingOccurrences(of: "{{q}}", with: ""))
        try scratch.git("commit", "-qam", "worse twin")
        let check = try promptexp(["check", "--base", "HEAD~1"], scratch)
        #expect(check.status == 1, "\(check.standardOutput)")
        #expect(check.standardError.contains("differ only in Unicode normalization"), "\(check.standardError)")
    }

    @Test func aShallowCloneWorksWithTheHistoryItHas() throws {
        let source = try ScratchRepository()
        try source.commit(
            [
                "prompts/p.prompt": "---\ntags: [production]\n---\n{{q}} one\n",
                "datasets/d.jsonl": #"{"id": "a", "q": "x"}"# + "\n",
            ], message: "v1")
        try source.commit(["prompts/p.prompt": "---\ntags: [production]\n---\n{{q}} two\n"], message: "v2")
        try source.commit(["notes.txt": "n\n"], message: "notes")
        let folder = try TemporaryDirectory()
        let clone = folder.file("clone")
        let cloned = try ProcessRunner.run(
            URL(fileURLWithPath: "/usr/bin/git"),
            ["clone", "-q", "--depth", "1", "file://\(source.root.path)", clone.path],
            in: folder.url, environment: ProcessRunner.isolatedEnvironment(home: source.home.url))
        #expect(cloned.status == 0, "\(cloned.standardError)")
        let environment = ProcessRunner.isolatedEnvironment(home: source.home.url)
        func run(_ arguments: [String]) throws -> ProcessResult {
            try source.promptexp(arguments, in: clone, environment: environment)
        }
        let list = try run(["prompt", "list"])
        #expect(list.status == 0, "\(list.standardError)")
        #expect(list.standardOutput.contains("production"))
        let log = try run(["prompt", "log", "p"])
        #expect(log.status == 0, "\(log.standardError)")
        #expect(log.standardError.contains("shallow clone"))
        let show = try run(["prompt", "show", "p@production"])
        #expect(show.status == 0, "\(show.standardError)")
        #expect(show.standardOutput.contains("{{q}} two"))
        let old = try run(["prompt", "show", "p@v1"])
        #expect(old.status == 1)
        #expect(old.standardError.contains("not in this shallow clone"), "\(old.standardError)")
        #expect(!old.standardError.contains("object not found"))
        for (key, value) in [("user.name", "Test Author"), ("user.email", "author@example.com")] {
            _ = try ProcessRunner.run(
                URL(fileURLWithPath: "/usr/bin/git"), ["config", key, value], in: clone, environment: environment)
        }
        let new = try run(["exp", "new", "e", "--prompt", "p", "--dataset", "d", "--model", "mock/echo"])
        #expect(new.status == 0, "\(new.standardError)")
    }

    @Test func aConcurrencyPastTheOpenFilesLimitIsLoweredAndSaid() async throws {
        try await withFakeServer { server, _ in
            let scratch = try Self.questions(server, rows: 40)
            let binary = PackagePaths.binary.path
            let result = try ProcessRunner.run(
                URL(fileURLWithPath: "/bin/bash"),
                [
                    "-c",
                    "ulimit -n 200 && ulimit -Hn 200 && '\(binary)' run p --dataset d --model m --concurrency 5000 --quiet",
                ],
                in: scratch.root, environment: ProcessRunner.isolatedEnvironment(home: scratch.home.url), timeout: 120)
            #expect(result.status == 0, "\(result.standardError)")
            #expect(result.standardError.contains("concurrency 5000 is more than this process can open"))
            #expect(server.requestCount == 40)
            let records = try ResultsFile.read(scratch.root.appendingPathComponent(".promptexp/runs/p.results.jsonl"))
            #expect(records.count == 40 && records.allSatisfy(\.succeeded))
        }
    }

    /// Root writes through permissions (CI runs as root), so the cache is made unwritable
    /// the way that stops root too: a file where the folder or its subfolders go.
    @Test(arguments: ["a file in its place", "files where its folders go"])
    func anUnwritableCacheIsSaidOnce(how: String) async throws {
        try await withFakeServer { server, _ in
            let scratch = try Self.questions(server, rows: 3)
            let cache = scratch.root.appendingPathComponent(".promptexp/cache")
            if how == "a file in its place" {
                try Data("not a folder".utf8).write(to: cache)
            } else {
                try FileManager.default.createDirectory(at: cache, withIntermediateDirectories: true)
                for index in 0..<256 {
                    try Data().write(to: cache.appendingPathComponent(String(format: "%02x", index)))
                }
            }
            let result = try promptexp(["run", "p", "--dataset", "d", "--model", "m", "--quiet"], scratch)
            #expect(result.status == 0, "\(result.standardError)")
            let warnings = result.standardError.components(separatedBy: "response cache").count - 1
            #expect(warnings == 1, "\(result.standardError)")
        }
    }
}
