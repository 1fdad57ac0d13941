import ArgumentParser
import PromptExpKit
import Testing

@testable import promptexp

/// Help texts are paragraphs: the terminal wraps them, so a line break inside a sentence
/// would show as a ragged break at any width.
@Suite struct HelpTextTests {
    static func allCommands(_ root: any ParsableCommand.Type = PromptExpCommand.self) -> [any ParsableCommand.Type] {
        [root] + root.configuration.subcommands.flatMap { allCommands($0) }
    }

    @Test func noCommandBreaksALineMidSentence() {
        let commands = Self.allCommands()
        #expect(commands.count > 25)
        for command in commands {
            let configuration = command.configuration
            for text in [configuration.abstract, configuration.discussion] {
                let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
                for (line, next) in zip(lines, lines.dropFirst()) where !line.isEmpty && !next.isEmpty {
                    // A break is fine after a sentence, or before a list item.
                    let ends = line.last.map { ".:!?".contains($0) } ?? true
                    let listItem = next.hasPrefix("-") || next.hasPrefix(" ")
                    #expect(
                        ends || listItem,
                        "\(configuration.commandName ?? "promptexp"): break after \"\(line.suffix(40))\"")
                }
            }
        }
    }

    @Test func singularsAndPluralsAgree() {
        #expect(counted(1, "variant") == "1 variant")
        #expect(counted(2, "duplicate") == "2 duplicates")
        #expect(counted(0, "row") == "0 rows")
    }
}
