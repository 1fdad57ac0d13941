import Foundation
import PromptExpKit
import PromptExpTestSupport
import Testing

/// The README's quickstart, run as written: every fenced `sh` block of the section, in
/// order, in a fresh repository with the built binary on `PATH`. A block must succeed,
/// unless its last line says `# exits N`.
@Suite struct QuickstartDocTests {
    struct Block {
        let script: String
        let expectedStatus: Int32
    }

    /// The `sh` blocks between `## Quickstart` and the next `## ` heading.
    static func blocks() throws -> [Block] {
        let readme = try String(contentsOf: PackagePaths.root.appendingPathComponent("README.md"), encoding: .utf8)
        guard let start = readme.range(of: "\n## Quickstart\n") else { return [] }
        let rest = readme[start.upperBound...]
        let section = rest.range(of: "\n## ").map { rest[..<$0.lowerBound] } ?? rest
        var blocks: [Block] = []
        var current: [Substring]?
        for line in section.split(separator: "\n", omittingEmptySubsequences: false) {
            if current == nil, line == "```sh" {
                current = []
            } else if current != nil, line == "```" {
                let lines = current ?? []
                let status = lines.last?.firstMatch(of: /# exits ([0-9]+)/).flatMap { Int32($0.1) } ?? 0
                blocks.append(Block(script: lines.joined(separator: "\n") + "\n", expectedStatus: status))
                current = nil
            } else if current != nil {
                current?.append(line)
            }
        }
        return blocks
    }

    @Test func theQuickstartRunsAsWritten() throws {
        let blocks = try Self.blocks()
        #expect(blocks.count == 4)
        let scratch = try ScratchRepository()
        try scratch.write("README.md", "An app.\n")
        try scratch.git("add", "-A")
        try scratch.git("commit", "-qm", "An app")
        var environment = ProcessRunner.isolatedEnvironment(home: scratch.home.url)
        environment["PATH"] = PackagePaths.binary.deletingLastPathComponent().path + ":" + (environment["PATH"] ?? "")
        var outputs: [String] = []
        for (index, block) in blocks.enumerated() {
            let result = try ProcessRunner.run(
                URL(fileURLWithPath: "/bin/bash"), ["-e", "-o", "pipefail", "-c", block.script], in: scratch.root,
                environment: environment, timeout: 120)
            #expect(
                result.status == block.expectedStatus,
                "block \(index + 1) exited \(result.status):\n\(block.script)\n\(result.standardOutput)\(result.standardError)"
            )
            outputs.append(result.standardOutput + result.standardError)
        }
        // The run improved on production, the promotion tagged it and moved main, and the
        // worse commit never landed.
        #expect(outputs[1].contains("improved"), "\(outputs[1])")
        #expect(outputs[2].contains("fast-forwarded main"), "\(outputs[2])")
        #expect(outputs[3].contains("regressed"), "\(outputs[3])")
        let production = try scratch.git("show", "main:prompts/greeter.prompt")
        #expect(production.contains("tags: [production]"))
        #expect(production.contains("{{name}} says: {{message}}"))
        #expect(try scratch.git("log", "-1", "--format=%s", "main").hasPrefix("Shorter greeting") == false)
        #expect(try scratch.read("prompts/greeter.prompt").contains("user:\n{{message}}\n"))
    }
}
