import ArgumentParser
import Foundation
import PromptExpKit

/// `promptexp cache stats|clear`: the local response cache.
struct CacheCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cache", abstract: "Inspect or clear the response cache (.promptexp/cache/).",
        subcommands: [Stats.self, Clear.self])

    struct Stats: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Count the cached answers and their size.")
        @OptionGroup var global: GlobalOptions
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            let project = try global.openProject()
            let stats = ResponseCache(directory: project.root.appendingPathComponent(ProjectLayout.cache)).stats()
            if json {
                global.console.printJSON(["entries": .int(stats.entries), "bytes": .int(stats.bytes)])
            } else {
                global.console.print(
                    "\(stats.entries) cached answers, \(Self.size(stats.bytes)) in \(ProjectLayout.cache)/")
            }
        }

        static func size(_ bytes: Int) -> String {
            bytes < 1024 ? "\(bytes) B" : bytes < 1 << 20 ? "\(bytes / 1024) KiB" : "\(bytes >> 20) MiB"
        }
    }

    struct Clear: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete every cached answer.")
        @OptionGroup var global: GlobalOptions

        func run() throws {
            let project = try global.openProject()
            let removed = try ResponseCache(directory: project.root.appendingPathComponent(ProjectLayout.cache)).clear()
            global.console.print("removed \(removed) cached answers")
        }
    }
}
